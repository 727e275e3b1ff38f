# Written by `python -m adapters.tortoise.migrations new`: the SQL is Aerich's, for one
# dialect. Committed migrations are history; change the models and write a new one.
# ruff: noqa: E501
from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "intake_leases" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "bot" VARCHAR(64) NOT NULL,
    "user_id" BIGINT NOT NULL,
    "owner" VARCHAR(128) NOT NULL,
    "expires_at" TIMESTAMPTZ NOT NULL,
    CONSTRAINT "uid_intake_leas_bot_b6080a" UNIQUE ("bot", "user_id")
);
COMMENT ON TABLE "intake_leases" IS 'Who processes one user''s stored updates, until when; unique per (bot, user_id).';
        CREATE TABLE IF NOT EXISTS "intake_updates" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "bot" VARCHAR(64) NOT NULL,
    "update_id" BIGINT NOT NULL,
    "user_id" BIGINT NOT NULL,
    "body" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ NOT NULL,
    "finished_at" TIMESTAMPTZ,
    CONSTRAINT "uid_intake_upda_bot_e7b972" UNIQUE ("bot", "update_id")
);
CREATE INDEX IF NOT EXISTS "idx_intake_upda_bot_07ccdd" ON "intake_updates" ("bot", "user_id", "finished_at");
CREATE INDEX IF NOT EXISTS "idx_intake_upda_finishe_4c5d6f" ON "intake_updates" ("finished_at", "received_at");
COMMENT ON TABLE "intake_updates" IS 'A Telegram update stored before it was acknowledged; unique per (bot, update_id).';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "intake_updates";
        DROP TABLE IF EXISTS "intake_leases";"""


MODELS_STATE = (
    "eJztXVt32za2/itYfomzliYrkXPxJE9O6raeSeJO4p7OmrRLgkhYwjEFqCBpRaeT/36wQV"
    "LiBaRImrQhBi9tTGKD1AcQ2PvbF/x15HuErDw8e3Lm+9QPMAve8/kn4nDhHr1Gfx0xvCTy"
    "H5XtRugIr1bpVnApwDNPieJEYuLxuWo88wOBnUDevMaeT+Qll/iOoKuAcgYil4ygP0Piw9"
    "8IMxetFzhAM+LIt0H8GtEAHQviyj6IiwLyNfBHiJFbIhC8r4+4QDdk4z9+Ao9zuSOfR9m8"
    "055/Z7+z6dQnf06n8qJLhI8Ik4+RbbCPggXZoDURBMnfPCfuGzSdwu3NhLpSgKoWSKJHHv"
    "mIuuo9Q0blm00CPifyppBv++UPeZkyl3wlPvz55Sj0iZBdQHOHM/laPlaY/QEtVzeTa0q8"
    "3MCRP6G1ujEJNit18S2dX7DgR9UYEJpNHO6FS5YSWG2CBWdbCcoCuDonjAgssZHXAhHC0L"
    "HQ8+KhTkYz+iW7JtFPSMm45BqHHkwAkI7eYHftaDL5eHk1+Xx+NZkcFSZHIpEa1fiSRAQm"
    "lnxVX0Ewh1f429/H45OTV+OnJy9PXzx/9erF6dNT2Va9b/HWq2/Ry+zgirpSoF38dPHxCl"
    "6Iy9kbzW248E3J4ABHUmqkdvgno14chHcLLPRDkJbJjYP8gflxSFA3dyCW+OvEI2weLOSf"
    "L59XYPw/Z5/e/Xz26fjl88dZoD/Gd8bqFkC+gzj1UdSf5imh/VO9DsTJhR3Gu8VtYLN9B3"
    "1mESrgXwp+XmxIIzB+9vzV89OTl8+3wG+vVOFdxBYHRUR/kHAEdEn0sEYSOTDdWORJ8o8D"
    "hLYCt6uLD+efr84+/ALdL33/T0/hdHZ1DnfG6uomd/X4ZW512XaCfru4+hnBn+g/lx/PFZ"
    "zcD+ZCPXHX7uo/R/BOOAz4hPH1BLtpTJLLyaXMsPIwcHg0CnX3g5RIN9vBQ38pmQ3h2csa"
    "G8Kz/JDtNgS4lf1yEgWviPGV1Oj0GKdlBgFy1Tdz/u+rzOeSgHn84ezfjzOfzPvLjz8lzV"
    "Pgv3t/+Ta/XDFfKrxNIN9JWMBbAL4S/Ja6OsjLV5K0zCBAzy4lJ+MaS8nJuHQpgVtZkJfc"
    "JV4ThLcCA4S3e9WdslUYSJP3hjC/gf6YF7P6o0Z/lFpDK3ALchZdreXja/TzCovH1ynnFk"
    "u44smfzpzNZNlkmmaFLK4aXIkQvJF6sBWwm1fJ5gU86/VNiumDCzPs3KyxcCeFO3zMy9oW"
    "by3Hy/wVzPBcAQe/EN6/yMP/Isg1EfJTIH4t3r7YflSXv1/tROvx+GcIaLZHPopUfRQNhu"
    "LdnVDIngKUpoLkr1zOiCiy9nfoZz+rXkqdm8ErWg49NhSTT7nBelYQHOC61j19Ykndbrdk"
    "Y/aMt4Jj18F+ULVR5Bvt2R1mSfO6WwJDfAUzgMN6viS+L98WBRxh5JP5Ui7lI7SmcnGngY"
    "9WggP16svVPWSBnFyareHu/d1hi2i6O9TdGKxvtc6+EA9wkx0hJTLEveDp0zqbwdOn5bsB"
    "3MtuBxAFMbkhmyYwp2UGiPO4Fs7jCpzHRZwdQQCPyawR0lmpAWLdy5xOUGvuY81KWl+r0b"
    "5WabYGjTytW4EhfkidGwoBD7DGOVKq/Wzb359p8NRguyAzU7V6TEWQnlaHsUAezTzu3BCN"
    "Wl6KZUrCwpmH8xpTrxGaOwELZh7MkMkHXFOxbIRoTsrCWpijlFF/0Uqby4l2oM7FVrgpKs"
    "Cha3MNuLPdhHCJR28JxOJr2JlY9sd/fiJeGVe5JcN+iHra7LiwA1MBvyUzPrkaT9Fv/TKN"
    "71JccBXZqGk3quYb0yxzTcrxakHQSspQH5I6XIo9Pg9VtgdnRHmWIoYQ/prx4A2KBg9k0D"
    "HcHsFlTTJJlx1rSMhMuodsGGV5WFrSdFrSDL9hceEZ6kiklH/eiAyOmw/Q1u8+Uu/ak7ty"
    "A2yT9gME99n4tA6TMj4tp1LgXs42WLktGcmspGUkjdNh08MMm0ZxgP/x+fKjfnCT9vlhpU"
    "6A/os86h+iU71iQAGJzFgWIuXzQfG5QYIO8pHysVdYYw2UA5+WseA3BN+YiIec/aa1QYo2"
    "Xq14h0nWyqyX1C6IQ1cU4tViI2HbXdY42F4eKTOiJJH9Tr1pDY5tS9UiVknzZkeu2dZnkm"
    "lv7RJrl5i4/D2MYWIdkb06Iq3y/F0ozyX5DOUZpnfLZzggKr+P/NKdptN0z8hL2o2j0cZR"
    "0J41Y1IckB+5IHTO/kk2alAuGORsONo9pCLU98AGpcy9IS8LvN5qoIUZKdGQ6jsJol347P"
    "O7sx/Oj749lJVyzgIaeAQCU6sMlWKzPbYK2QnUTtiZC8zAm5GSfaNsC5+HwiHRfR9hiKV2"
    "Q2kIq1Br5evgcrqh49jwkOO28ojGcOnnEfvcJ3FXyl5RT7HOFHMWvEM0WoY6Epn6EsknU9"
    "dqSYkM0G7p3qkSL0UNEN5JDBDgXhwr8W7TwjbMSlrb0Gzb8OuKyu5aDHNW0oaAmTbKxjgT"
    "LtiMf61S0NMN9qjmFJrW1cnltuoQ34cYo9hX8UbVj10JusRiAxVp0RLfQOlZ5MvHMxdRJl"
    "Ug5ReAhj5Ut4VWEJ2rU8l7eMIdsiobJpt1mmdmUKXU8YsXdbLMXrwozzKDe9X6tSAOkQPe"
    "Zn/MiQ5wg5Q/EbuXzNvE8+BAltJ4ypq8kgZyMXlPsE+q19N8s72rKgjIL0hK1GQ8flvw7e"
    "rnb+M2H/nID7iQ62HkIPBHKGQB9dB6QVjOucpjt6o0ODV0Rw/96z23vNJna9kNI9kNG7Bo"
    "q4IPZZanKg+uWbOypFuBAc7sXkgNg6xd09A/EB3tEMxdUKZ+VfrJfi0t066emharPnWt4C"
    "vikbnAy1hlShSoGbmW/4eDW9ZYmqfOjQTTI646dKWoRylRvabW+RPgiJjfBA0CEh01A8YE"
    "mm2QwGv0+V/vpQWNXi+5+3qKXbxS1Yjk8wJOffIkQmiKjpMPMTlVBqkHi9/ZWnZM1KXl48"
    "hWV5WHpf3ueFhEd5BCHMm3jxpQ+eNU3tR+NTL5Fbrgv6ymOcpmUcrmX/JplWlD0QYHWk3U"
    "sB2jd010+zE100XTYlYbba2NWkPgAfPxXA2TWx6vl7QfxLJy3/F6lskdsFVg6118H+NsjP"
    "X3Dz6rMvp2t0fVtt7/8lmD/Cg3FMpkkVKvo6M5A45EyEaKGB+hBV8jfg0GVWyNwYmbbnyQ"
    "J5e35Y+Tt/TpUl12Xuewzm0OB4NqmFjagctVEH95YFmBpbRto3wWkxQ7k719I3uOLtksKx"
    "N0nHJDSo1UAf8K73XcfhA6zz2U7lzhjcexBuLyXN6UiE3lvUMetVwr2yiXWymrVxqnb6SH"
    "V7NNNRlnjbgdcKMH3Gal9pqVGn8LTQ61SovYQo95OgnGqwWoebEhEXod1iZVBk3D0MusVC"
    "dZtsMMwEyVnoesTM8jblOsC4JDSGq+B8AfhP83DeYHof89SLhtnLSflRrCJL9vT0DEJTWO"
    "wsqJDQH5e+AjCsRdAfFqs0knb3l5k80me3jMdzHMtqjQdzHM1ps63HE2xpv6XkVtnjnq3M"
    "kqv6qu4ajawxpFhE5wJNPA2RpLRMGrSu2DLCQaPH6jDsu8pvMQAkmdBWZzAoGrkPdJoQfs"
    "JXlLek9rJz1D+Ox0GifhT6eIRjGtIfNXUPJSdrDNPo2f98hPasccQxIr4gJ5eOUT9/EI3Z"
    "BVgHwum+MAYdl18o5QoZ+HQSLJCHHlfznyOL9Bsu10GgMcNZhOy4Nnt6oz/FabgmWSUVru"
    "r7XJKn0fbKm+hgYAJ+0HiO/JuAa8J+NSdOFWzsngeXIfZGSOA7nkaRYSzqWFyUrcDQXhHO"
    "YzKX2AoFctEpeX7zMqy9uLPKPy64e355+On6lBkI1oUEJvgYaiO8mrau3eyQzJC3HPvOIi"
    "RrY+7ImEBb016LEi1gz3lJCFvn0+rVR4WxmoGUHLQ1j7tNo+/Qm+1v3WabrZqJZtGplO9S"
    "zTK42NB2UzVB/oGCOPzKNj1aRlBtYdkObTqTQtp1N/Ld9BmmgoMoWlfBAKpjFS+3qI1iyM"
    "3bWyS2sTmrTAVsTwPmABqofe4fp3yMOHUEC3dGbHrYekPnQWtBNzWI2jG7JytkRuW8Usqs"
    "Y6aTsMWvEhTXRbd2ZgVJ4tWGzp0oOmS7fKfFNTOiN4P6b0fe6fh25JZxPhl/J3wa9ttBtn"
    "xOwu3F4pUvZxAw1/JzAk1O+k5BtGDP3MPXc/L5RqNapFC6mM6nqs0JlKv4bwAeQRfEt8NJ"
    "2uCHPlQEyn6liYEcQRYJbU7kpHFHAWuf1V+pKu8FdnfUcxC67A6yhgAbIoZW9fvkTEEnVH"
    "CC9B2ZewP3ny5I/pNMlEXxD1FiiAsINrwZdxQELzbPN0Dnkpv2RLbN9fiW1rJRq1P8mXDS"
    "hThfBaj0l5H3Zg7simWOOyT+MyNXGbAJ0Ts2hbU/7BTflIkWpIfG9l7Drdep0WBPvNlo+d"
    "xABndi9ZZTbHqBT9IVFVBtVxt6knts7KvSyXnddZiWJqJ230gYKoVQvuoBb43GtbfzYjal"
    "czk1czYDeLA1xezyFpP4i17D5KORhG/l+uSHRsxH4PQL7pqJYbgCdStX0BjoflMuAi6pLl"
    "igeEOeqIytfxoZRyAIHMjxMGBTx4g5wFcW6ic+YFuSXCx57KT5wLHq50ToF+HmKPxTwIzt"
    "5Wce1RYRNE/kxfoyWUbyIpkUFAfN8lgaLViGjc8lWszU7GlnarU9rNkjZDVYAN08muBGb+"
    "NRH7VbJcy3oaWRAL1VbIZpzfSFXJI/MRkv0T5v6NM28D6TI0VbsBmoHeJN+ECJ3O1bofm3"
    "hzQJyBTbyxiTeHF5NnHbv35Ng9pHipoS7Rhx4uNfxxsdFSNlpqWGjbgB4b0GPC5O4loCey"
    "bFtQQxlBywwZxwwZmV1o3d+9jTFk6TQ9uiMtM7yy+r1wFUY4LIYJszFc9iXQt1UUdrrBqJ"
    "q5VlRwXb6aRcwx0MosXM6ImE7R8Sc+4zfY9/EjH12w2wv3MdDNUK8Y1gPKHEGWUC9Kfscj"
    "xGCqIUFCn7gaIrvjB0BaIZSsAt50hn2CZC90ziIyPHoAPEo9c5ImyvkKy5mMqIugHwR9bt"
    "YLIggiEpmecgujF2qmx+9kLJXeUV3jeDI0WUDTMoOLG3n5vMby+fJ56eoJtww4WcqSX/LK"
    "SnA3dBpR8CmRAdqs3U/uuYRijRupuSmRAULcfRwUHDs9WQmqo3GrlpCsnCW+Wi8jOyAnTT"
    "16GtEBznmbtTmYue6EQkAMc5NJnpaxs7vG7JZKxpJLAN1Gjrms1PCYix5CBGxGXdoZV8sX"
    "V+GKs4Gs3yWVbVD2sR3m/oZ5hWmbTzklZj1SZo/vBnjjpk6pnNjw1I7xaa2N8bRiZzwtbo"
    "0e99vtjGlB+0GZ9kEZ4xT7JfosI6/XJ/WGGs9YodWo2j0Wf+wNTgeVRsktdYlAsag6wROc"
    "SepQz5jqGyV3J9R9nM/SwELQWyiRqc/26Osh2lSQNDW57cxmhZhEVZS7siwV3X8Nld1H0U"
    "KF6NJjaBTQvYS2mOGZfWC3Yc/eK0szW5rZlEWke/qTh4HDl40I0JTIACHuo0aFQ2jbalYZ"
    "UcuOGWfs5TSfFlE8aalWu4Vh5vuDhfEo82/iyHVrTppqn1rpAfJYfSih6nSJSfMkwrychb"
    "te6r3WX/mWc49gVpYTovVYzqTMsLaMt5eX7zO7xduLfEWjXz+8PZcbuEJcNqJByYIiyHUo"
    "f1+7XTsjahla0zZtcxhaCNd4x11SlbqQbzTaw89uQ0Bq19xRIghE3qgkAsHXQIp63IESOu"
    "sF9QjCEPcPVyX2REidFB0DaerRJQ2iYoWPdWV4uuz6DgUPm8bR3CmCxjDitRcL0tY7fBhy"
    "lUhlScdGlZsXO4kBWRfdnXutmDpNbiCct1ZF7ulSA13qBOi/CAJ6D3DuVuAGYGQ29EIhyX"
    "zNyNxODR3kC0nGaRSNsE/LWPDvAD6sU4JAPeJtueSaC4pG0i4sxYUFYJJr7wSStBqimxaz"
    "0GrqFQVYBG1iDTOC1iwzzSwzNKDUjnJvo3xNBeQ+hcJZYJ9MoEBrQ2qrpAfLdFUzXWYxIJ"
    "+26sReHqTQdFSHDcnpK/XC1oCU4NcIK/YCjm2GsxhU9AQ6zlRIiKZLIZ4sYjNU7baqwLV+"
    "HnMHrsRGqD1khNrDMlUmhfJ0H+xgapWF78A/a0akmkFEbPeBajaTsecwnsg50e5QurSoDe"
    "Mx2ijZjlbIAuq1HuuttB1uw4fbJWTZ8rvOiFquweRxtnEzFTrcQNiET2Elg7C7PapmDdQJ"
    "cRJehqkgExHWP08yI4mkJJjrStGSFjtmrvxLzmk5rvCnbAEWvNRZKCOPfASOGiQHMlQJdr"
    "pwiq67r1OyMWUAeeSWqKmvmPRo4Suv3thM27d6fqWeX84YWKv2wazazOfYZLIXBAdognVv"
    "4UJN5oYHaKREBghx9xTZdoWvC/BWYIDwdk8iwFYdNqpEvpOwANcDOFFMCiDXCA6wHM1hGH"
    "Phym1ZViwraYfZ6GF2+HLlkZb143Kylp0xeaRLnBflkaBlzgsbBvq6QRhoRBY0wX0nYYFv"
    "CLwxNNnncLYFqYov07QbVRNnfkqiNmcGXMQjH6VlUcARRnG090iFxKg6TtB0lFzXJhzdrT"
    "Ntxac0VxKX/rflngziYyw1ZsxQ2HM17jfgw9q6w1eN5V5FuTshurTKPXV3M5J2mI0eZiGh"
    "X2uowUoP9U7I+qjr13aQ74A1JHcl0lsZC3R9oB8k6tMwlqYPLcAYS/IKvooqEzLdYFRtO6"
    "ovrLbReC0IQUoEBfiGsNcq1iGu+Zsz7VTViaVsBWdkSvvPiQzAqBGcZKkzJLt/gDUuD9Ci"
    "scalMUNhjct7NC4dD9N2UbFZSWt1GGd1GKM9/OpXH9qdur9Hd4BltUFqJ2zXyQb9BF0Rj8"
    "wFXiLq+oh8dQhx0ckYzWjgj9CCwG4OW/+MzpGcAmQuBW/IRp/N2VnPBiZwmh95aYReYI88"
    "G+zKmYmU4w72GgV97iQGqIF0H8ol4XB1tXMqKspuJYZHHHSP74yKYDHZENykPlFWyFYn0p"
    "CLcmme/B9njZaGjNAAV4ce7BP5ODgwZk5vCWsVHlaUtyFiJm+4yYgF5GswaZEKUCY/vL2i"
    "h0NwnEB+Jw1dJjuhe/SZJPbGQflMjLHIz4igzuJIa43H90bVljjetdpnipcD37Hx+70Q4n"
    "fUYcpNWpt4dR8nO8Bn1QDhuPkA0X32tM5xu7JVubXztHjcLmeBtnR2eaxzSsQGOx9SsPO3"
    "/wdFaCfL"
)
