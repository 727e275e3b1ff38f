# Written by hand: repairs databases that applied migrations 1 and 4 before they were
# rewritten in place (commits 3e4b22f and 91b0330 of the history). Each step looks at the
# schema first and does only what is missing, so a database created by the current files
# gets nothing but no-ops. Committed migrations are history: never edit this one either.
# ruff: noqa: E501
from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


WIDENED_KEYS = (
    ("ledger_grants", "key"),
    ("ledger_holds", "key"),
    ("ledger_operations", "key"),
    ("ledger_operations", "reverses"),
    ("ledger_transfers", "key"),
    ("ledger_transfers", "hold_key"),
    ("ledger_transfers", "reverses"),
)


async def upgrade(db: BaseDBAsyncClient) -> str:
    steps = [f'ALTER TABLE "{t}" ALTER COLUMN "{c}" TYPE VARCHAR(255)' for t, c in WIDENED_KEYS]
    if not await _has_column(db, "ledger_accounts", "granted"):
        steps += [
            'ALTER TABLE "ledger_accounts" ADD COLUMN "granted" BIGINT NOT NULL DEFAULT 0',
            'UPDATE "ledger_accounts" SET "granted" = COALESCE((SELECT SUM("remaining")'
            ' FROM "ledger_grants" WHERE "account_id" = "ledger_accounts"."id"), 0)',
        ]
    if not await _has_column(db, "jobs", "cancelled_key"):
        steps += [
            'ALTER TABLE "jobs" ADD COLUMN "cancelled_key" VARCHAR(255)',
            'UPDATE "jobs" SET "cancelled_key" = "unique_key", "unique_key" = NULL'
            ' WHERE "state" = \'cancelled\' AND "unique_key" IS NOT NULL',
        ]
    if not await _has_plain_unique_index(db, "jobs", "unique_key"):
        steps += [
            'DROP INDEX IF EXISTS "jobs_live_unique_key"',
            'CREATE UNIQUE INDEX "uid_jobs_unique_key" ON "jobs" ("unique_key")',
        ]
    steps += [
        'CREATE INDEX IF NOT EXISTS "idx_jobs_state_8ad281" ON "jobs" ("state", "next_attempt_at", "id")',
        'CREATE INDEX IF NOT EXISTS "idx_jobs_state_b3dd87" ON "jobs" ("state", "lease_expires_at")',
    ]
    return ";\n".join(steps) + ";"


async def downgrade(db: BaseDBAsyncClient) -> str:
    return "SELECT 1;"  # a repair has nothing to undo


async def _has_column(db: BaseDBAsyncClient, table: str, column: str) -> bool:
    rows = await db.execute_query_dict(
        "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()"
        " AND table_name = $1 AND column_name = $2",
        [table, column],
    )
    return bool(rows)


async def _has_plain_unique_index(db: BaseDBAsyncClient, table: str, column: str) -> bool:
    rows = await db.execute_query_dict(
        "SELECT 1 FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid"
        " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(i.indkey)"
        " WHERE t.oid = to_regclass($1) AND i.indisunique AND i.indpred IS NULL"
        " AND i.indnatts = 1 AND a.attname = $2",
        [table, column],
    )
    return bool(rows)


MODELS_STATE = (
    "eJztXVtz27gV/isYv8SZUTOOcnOTJzub3XWbxDuOt+10u0NBJCyxpgAtSNpR2/z34oCUeA"
    "NpgiZtiMFLJiZxQOoDCJzznQv+exAGhKwDPH92EoZ+GGEafWSLC+Iy7h28Rf89oHhFxH8a"
    "203QAV6v863gUoTngRTFWwknYAvZeB5GHLuRuHmFg5CISx4JXe6vI59REDmnBP0RkxD+Rp"
    "h66HaJIzQnrngbxK6QH6FDTjzRB/FQRL5G4QRRckM4gvcNEePommzCp8/gcR5zxfN8uui1"
    "53/Rf9HZLCR/zGbiokd4iAgVjxFtcIiiJdmgW8IJEr95Qbx3aDaD2xvH94SAL1sggR55Ei"
    "Lfk+8ZU1+8mROxBRE3uXjb334Xl33qka8khD9/O4hDwkUX0NxlVLxWiCVmv0PL9bVz5ZOg"
    "NHDkD2gtbzjRZi0vnvqLMxr9KBsDQnPHZUG8ojmB9SZaMrqT8GkEVxeEEo4FNuJaxGMYOh"
    "oHQTrU29FMfknWJPkJORmPXOE4gAkA0skbZNcOHOfz+aXz5cOl4xxUJsdWIjeq6SWBCEws"
    "8aqhhGABr/CnP0+nL168mR69eH386uWbN6+Oj45FW/m+1VtvviUvk8GVdCVBO/vp7PMlvB"
    "ATszeZ23Dhm5TBEU6k5Ehl+G9HvToI75eYq4cgL1MaB/EDy+OwRd3cgVjhr05A6CJaij9f"
    "v2zA+G8nF+9/Prk4fP3yaRHoz+mdqbwFkGcQ5z6K9tM8J3T3VG8D8fZChnG2uI1stmfQFx"
    "ahCv614JfFxjQC0+cv37w8fvH65Q743ZUmvKvY4qiK6A8CjshfETWsiUQJTC8Vebb9zx5C"
    "24Db5dmnD18uTz79At2vwvCPQOJ0cvkB7kzl1U3p6uHr0uqy6wT9/ezyZwR/on+ef/4g4W"
    "RhtODyiVm7y38ewDvhOGIOZbcO9vKYbC9vLxWGlcWRy5JRaLsf5ET62Q4e+0spbAjPX7fY"
    "EJ6XhyzbEOBW8cvZKnhVjC+FRqfGOC8zCpCbvpkP/7gsfC5bMA8/nfzjaeGT+Xj++adt8x"
    "z47z+en5aXKxoKhVcH8kzCAt4B8DVnN76ngrx+JcnLjAL04lLyYtpiKXkxrV1K4FYR5BXz"
    "SKCD8E5ghPD2r7r7dB1HwuS9JjTU0B/LYlZ/VOiPQmvoBG5FzqKrtHxChX7eYPGEKuXcYg"
    "lXAvHTqbtxVjrTtChkcVXgSjhnWurBTsBuXjWbF/CsV9c5pg8uzLF7fYu551TusCmra1u9"
    "tZquylcwxQsJHPxCeP8qD/8LJ1eEi0+BhK14+2r7SVv+fp2JtuPxTxDQbE9ClKj6KBkMyb"
    "u7MRc9RShPBYlfuZoTXmXt79HP3ax6LXVuBq9oOfTUUNx+yhrrWUVwhOta//SJJXX73ZKN"
    "2TNOOcOei8OoaaMoN7pjd5hvm7fdEihia5gBDNbzFQlD8bYoYgijkCxWYimfoFtfLO5+FK"
    "I1Z0C9hmJ1j2kkJpdia7h/f/fYInR3h7Ybg/WtttkX0gHW2RFyImPcC46O2mwGR0f1uwHc"
    "K24HEAXhXJONDsx5mRHiPG2F87QB52kVZ5cTwMOZayFdlBoh1oPM6S1q+j7WoqT1tRrtax"
    "Vma6Tlad0JjPFD6t1QiFiEFc6RWu1n1/7hTIMjg+2CwkxV6jENQXpKHcYCeTAPmHtNFGp5"
    "LZY5CQtnGc4r7AdaaGYCFswymDEVD7jy+UoL0ZKUhbUyR33qh8tO2lxJtAd1LrXCTVEB9l"
    "2b0+DOsgnhkcC/IRCLr2BnUtkf/3pBgjquckeG/ZD0tMm4sD1TAb9tZ/z2ajpFvw3LNL7P"
    "ccFNZKOi3aSZb8yzzC0px8slQWsh44eQ1OH5OGCLWGZ7MEqkZylhCOGvOYveoWTwQAYdwu"
    "0JXFYkk/TZsYKELKR7iIZJloelJU2nJc3wG1YXnrGORE75Z1pkcNp8hLZ+/5F6V4HYlTWw"
    "3bYfIbjPp8dtmJTpcT2VAvdKtsHa68hIFiUtI2mcDpsfZtg0qgP8ly/nn9WDu21fHlbfjd"
    "D/UOCH++hUbxhQQKIwlpVI+XJQfGmQoINypHzqFVZYA/XA52Us+JrgGxPxULLflDZI1cZr"
    "Fe/gFK3MdkntnLj+2od4tdRI2HVXNA52lyfSjKhJZL9Xb0qDY9dStkhV0rLZUWq285kU2l"
    "u7xNolJi5/j2OYWEfkoI5Iqzx/F8pzTT5DfYbp/fIZ9ojKHyK/NNN0dPeMsqTdOLQ2jor2"
    "rBiT6oD8yDjxF/SvZCMH5YxCzoar3EMaQn33bFDq3BviMse3Ow20MiMFGkJ9J1GyC598eX"
    "/yw4eDb49lpXygkR8FBAJTmwyVarM7bBWSCbRO2FlwTMGbkZN9J22LkMXcJcn9EGGIpfZi"
    "YQjLUGvp62BiuqHD1PAQ47YOiMJwGeYRd7lP0q6kvSKfYp0p5ix4+2i0jHUkCvUltp9MW6"
    "slJzJCu6V/p0q6FGkgnEmMEOBBHCvpbtPBNixKWtvQbNvw69oX3XUY5qKkDQEzbZSNcSac"
    "0Tn72qSg5xvcoZr70LStTi62VZeEIcQYpb6Kd7J+7Jr7K8w3UJEWrfA1lJ5FoXg89ZBPhQ"
    "ok/QLQMITqttAKonNVKvkAT7hHVqVmslmveWYGVUqdvnrVJsvs1av6LDO416xfc+ISMeBd"
    "9seS6Ag3SPETsXdOg006D/ZkKU2nrLkr6V/YvGkdzW7fsYr+m801nK9ezEEQCam3Sd3viC"
    "Ee04n4g4h/l+xWLGcRoVAF/BaqeHNfrIhJlXAmbosfJ26pfbF9dt6mEvjOQUQh1RZHEVmt"
    "o/RLBB/sBOXaBASHxMkpOsXb16Ln5JJ14Zpgg9ev1nKkdLbGtP0YjcUh8oLXeBMwrIC4Pl"
    "AoJ2LjhO4RpCXWyi46yE5qhOrHnqgbrexzxTalM84KcTvgRg+4DXkZNOQl/RZ0KmbmRWwW"
    "adndAePVAdSy2JhiHXpMfJYGjSavU5TqJYRnnOxOrq4NhHwEAfF0sa4IjiFi6gEAfxT3tG"
    "kwP4p7OoBoHu2IwKLUGCb5Q4cFJlwSu6V6J0+UxMaA/APwERXiroJ4s9mkkrceTpPNJluZ"
    "7rsYZpux8F0Msy1NNN5xNsab+pF4C8JPXFnUusmvqmo4afawBlLEwYmMhrM1lUgSUKXaN4"
    "Gc1OjpO1mJ+8pfxAJ/5C4xXRA038ABDp4PPeAAJWucotp3bz0nxzenEX7ZicwxDdeQTys6"
    "2IW2pM97Em4D0w8hQgZOgg7wOiTe0wm6JusIhUw0xxHCouvtO0L5HxZHW0lKiCf+ZShg7B"
    "qJtrNZCnDSYDarD2bfqc7wW230uklGab2/VttMup+BZNpW/gBVs+XXoAHwtv0I8e3/9EMc"
    "BGIfpGSBI7HkKRYSxoSFSWvcDRXhEuZzIb2HoDctEufnHwsqy+lZmVH59dPph4vD53IQRC"
    "M/qqG3QENRlQltWrszmTF5IR6YV1ymyLaHfSthQe8MeqqI6eGeE7LQd4aeCYW3k4FaELQ8"
    "hLVPm+3Tn+Brvds6zTebtLJNE9OpnWV6qbDxIPNY9oEOMQrIIqnZKiwzsO6ANJ/NhGk5m4"
    "W34h2EiZYcHhUK+SjmVGGkDvUQpVmYumtFl9YmNGmBbYjhfcTslsfe4YZ3yMOHUEG3/hDh"
    "pPWY1IfegnZSDks7uqEoZ/PvuypmSaq303UYlOJjmugPrSdbKm9gKs9WQ7B06V7TpTtlXt"
    "eULgg+jCn9kPvnvlvShTQlshK/C36t1m5cELO7cHelSNrHGhp+JjAm1MdxHnnC+PzMAu9u"
    "XijXatKKFpIZ1e1YoROZfg3hAygg+IaEaDZbE+qJgZjNZM25CcQRYJqGDxQiChhN3P4yfU"
    "lVW6O3vpOYBY/j2yRgAbIoRW+//ZYQS743QXgFyr6A/dmzZ7/PZttM9CWRb4EiCDu44myV"
    "BiToZ5vnc8ht/Q4D6ndYK9Go/Um8bORTeTpZ5zGp78MOzD3ZFGtcDmlc5iauDtAlMYu2Ne"
    "Uf3ZRPFClN4nsnY9fpzus0JzjUWz4yiRHO7EGyymyOUS36Y6KqbEnU72GUbZ2VQeusJDG1"
    "Thd9oCJq1YJ7qAUhC7qWKS2I2tXM5NUM2M3qANfXc9i2H8Va9hClHAwj/8/XMEACp7s9AO"
    "Wmk1ZuALaVau0LcAMslgEP+R5ZrVlEqCvrX79NK16LAQQyP00Y5PDgDXKXxL1ODrHh5Ibw"
    "EAcyP3HBWbxWOQWGeYitub0XnL2t4jqgwsaJ+JmqA9LqN5GcyCggfuiSQMlqpDpfu4m1yW"
    "Rsabc2pd0saTNWBdgwneySYxpeEX63SlZq2U4ji1Kh1grZnLFroSoFZDFBon9CvT8xGmwg"
    "XcbP1W6AZqA3iTchXKVzde7HJt7sEWdgE29s4s3+xeRZx+4DOXb3KV5qrEv0vodLjX9cbL"
    "SUjZYaF9o2oMcG9JgwuQcJ6Eks2w7UUEHQMkPGMUNGZhda9/dgYwxZOrpHd+RlxldWfxCu"
    "wgiHxThhNobLPgf6tonCzjeYNDPXkgpuy1fThDkGWpnGqznhsxk6vGBzdo3DED8J0Rm9Of"
    "OeAt0M9YphPfCpy8kK6kWJ73iCKEw1xEkcEk9BZPf8AEgrhJJVwJvOcUiQ6MVf0IQMTx4A"
    "j5LPdPJEOVtjMZOR7yHoB0Gfm9sl4QQRgcxAuYXJC+np8ZmMpdJ7qmucTgadBTQvM7q4kd"
    "cvWyyfr1/Wrp5wy4CTpSz5Ja6sOfNiV4uCz4mM0Gbtf3IvBBS3WEvNzYmMEOL+46Dg2Gln"
    "zX0Vjdu0hBTlLPHVeRnJgHR0PXoK0RHOeZu1OZq57sacQwyzziTPy9jZ3WJ2CyVjxQSAnp"
    "Zjrig1PuZigBABm1GXd8a18sU1uOJsIOt3SWUblH1sh3m4YV5jv8unnBOzHimzx3cDvLGu"
    "U6okNj61Y3rcamM8btgZj6tbY8DCbjtjXtB+UKZ9UMY4xX5JPsvE63Uh31DhGau0mjS7x9"
    "KPXeN0UGGU3Pge4SgVlSd4gjNJHuqZUn2T7V3H956WszQw5/4NlMhUZ3sM9RBlKkiemtx1"
    "ZrNCTKIq6l1ZlooevoZK9lF0UCH69BgaBfQgoS1meGYf2W04sPfK0syWZjZlEemf/mRx5L"
    "KVFgGaExkhxEPUqHCJ37WaVUHUsmPGGXslzadDFE9eqtNuYZj5/mhhPNL8c1yxbi2Irvap"
    "lB4hjzWEEipPl3D0kwjLchbudqn3Sn/lKWMBwbQuJ0TpsZwLmXFtGafn5x8Lu8XpWbmi0a"
    "+fTj+IDVwiLhr5Uc2CwslVLH5ft127IGoZWtM2bXMYWgjXeM880pS6UG40uYOf3YWAtK65"
    "I0UQiLyTSQSc3QIpGjAXSujcLv2AIAxx/3BVYE+40EnRIZCmgb/yo6RY4VNVGZ4+u75HwU"
    "PdOJp7RdAYRrwOYkHaeoePQ64SoSyp2Kh68yKTGJF10d+515KpU+QGwnlrTeSeKjXQ890I"
    "/Q9BQO8ezt0G3ACMwoZeKSRZrhlZ2qmhg3IhyTSNQgv7vIwF/x7gwzrFCdQj3pVLbrmgKC"
    "TtwlJdWAAmsfY6kKSliW5ezEKrqFcUYR51iTUsCFqzzDSzzNCAUjvKg43ylc8h9ynm7hKH"
    "xIECrZrUVk0PlulqZrrMYkAudurEnTxIpemkDRtS0lfaha0BKcGuEJbsBRzbDGcxyOgJdF"
    "iokJBMl0o8WcJmyNptTYFrwzzmHlyJjVB7zAi1x2WqTArl6T/YwdQqC9+Bf9aMSDWDiNj+"
    "A9VsJuPAYTyJc6LboXR5URvGY7RRshutmEZ+0Hmsd9J2uA0fbo+QVcfvuiBquQaTx9nGzT"
    "TocCNhEy7iRgYhuz1pZg3kCXECXop9Thwetz9PsiCJhCSY61LREhY7pp74S8xpMa7wp2gB"
    "FrzQWXxKnoQIHDVIDGQsE+xU4RR9d9+mZGPOAArIDZFTXzLpycJXX71RT9u3en6jnl/PGF"
    "ir9tGs2sLnqDPZK4IjNMH6t3ChJrPmARo5kRFC3D9Ftlvh2wK8ExghvP2TCLBVx1qVyDMJ"
    "C3A7gLeKSQXkFsEBlqPZD2MuXnsdy4oVJe0wGz3MLlutA9KxflxJ1rIzJo90jfOiPhK0zn"
    "lhw0DfaoSBJmSBDu6ZhAVeE3hjaLIv8XwHUhNfpmg3aSbOwpxEa84MuIgnIcrLooghjNJo"
    "74kMiZF1nKDpZHtdmXB0v86UFZ/yXEla+t+WezKIj7HUmDFDYc/VeNiAD2vrjl81FnuVzz"
    "yHqNIq76i7W5C0w2z0MHMB/a2CGmz0UGdC1kfdvraDeAesILkbkd7JWKDbA/0oUZ+GsTRD"
    "aAHGWJKX8FU0mZD5BpNm21F+Ya2NxitOCJIiKMLXhL6VsQ5pzd+SaSerTqxEKzgjU9h/bm"
    "IAJo3gJEuVIdn/A6xxuYcWjTUujRkKa1w+oHHpBtjvFhVblLRWh3FWhzHaw69h86Hduft3"
    "6A6wrGqkdsJ2vd2gn6FLEpAFxyvkeyEiX11CPPRiiuZ+FE7QksBuDlv/3F8gMQXIQghek4"
    "06m7O3ng1M4DQ/8tIIvcAeeTbalbMQKcdcHGgFfWYSI9RA+g/lEnB4qto5DRVldxLjIw76"
    "x3fu82jpbAjWqU9UFLLViRTkolianf8wqrU0FIRGuDoMYJ+Ix8GBMQv/htBO4WFVeRsiZv"
    "KGux2xiHyNnA6pAHXy49srBjgEx43Ed6LpMsmEHtBnsrU39spnYoxFfkK47y4PlNZ4em/S"
    "bInjrNVdpng98D0bv98LIX5PHabepLWJVw9xsgN8VhoIp81HiO7zozbH7YpW9dbOUfW4XU"
    "YjZens+ljnnIgNdt6nYOdv/we/YJ8q"
)
