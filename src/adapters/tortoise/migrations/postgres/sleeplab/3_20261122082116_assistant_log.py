# Written by `python -m adapters.tortoise.migrations new`: the SQL is Aerich's, for one
# dialect. Committed migrations are history; change the models and write a new one.
# ruff: noqa: E501
from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "assistant_log" (
    "seq" BIGSERIAL NOT NULL PRIMARY KEY,
    "entry_id" VARCHAR(64) NOT NULL UNIQUE,
    "user_id" BIGINT NOT NULL,
    "conversation" INT NOT NULL,
    "at" TIMESTAMPTZ NOT NULL,
    "outcome" VARCHAR(16) NOT NULL,
    "question" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "provider" VARCHAR(32) NOT NULL,
    "model" VARCHAR(64) NOT NULL,
    "input_tokens" INT NOT NULL,
    "output_tokens" INT NOT NULL,
    "cost" INT NOT NULL,
    "latency_ms" INT NOT NULL,
    "error" VARCHAR(64) NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_assistant_l_user_id_b43154" ON "assistant_log" ("user_id", "conversation");
COMMENT ON TABLE "assistant_log" IS 'One question and what became of it (redacted texts, never names or keys).';
        CREATE TABLE IF NOT EXISTS "assistant_preferences" (
    "user_id" BIGINT NOT NULL PRIMARY KEY,
    "answer_length" VARCHAR(16) NOT NULL,
    "conversation" INT NOT NULL
);
COMMENT ON TABLE "assistant_preferences" IS 'A user''s answer length and current conversation number.';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "assistant_preferences";
        DROP TABLE IF EXISTS "assistant_log";"""


MODELS_STATE = (
    "eJztXVtz2zYW/isYv8SeUTO2cvMmT3bW23oniTuOuttp2qEgEpY4pgAFBO1o2/73xQFJ8U"
    "6RNGVDDF4yMYkPpM4Bz+XDAfDnge8RsvLw7PmZ77u+wFR8YPNrYjPuHLxFfx5QvCTyP7Xt"
    "RugAr1bpVnBJ4JmnoDhGWB6bq8YzX3BsC3nzBns+kZcc4tvcXQmXUYBcUYK+BsSHvxGmDr"
    "pfYIFmxJZvg9gNcgU65MSRfRAHCfJN+CNEyR3hCN7XR4yjW7L2j57D4xxmy+e5dN5rz7/T"
    "3+l06pOv06m86BDuI0LlY2Qb7COxIGt0TzhB8jfPifMOTadwe225jgS4qgWS0iPPfOQ66j"
    "0D6so3swSbE3mTy7f98oe87FKHfCM+/PnlIPAJl11Ac5tR+Vo+VjL7A1qubq0bl3g5xZGv"
    "0FrdsMR6pS6eu/NLKv6lGoOEZpbNvGBJU4DVWiwY3SBcKuDqnFDCsZSNvCZ4AKqjgedFqo"
    "61Gf6SpEn4E1IYh9zgwIMBAOjwDZJrB5b16Wpifb6YWNZBYXDEiJRWo0tSIjCw5Kv6SgRz"
    "eIUf/jEev3jxZnz84vXpq5dv3rw6PT6VbdX7Fm+9+Tt8mURcYVdKaJc/Xn6awAsxOXrDsQ"
    "0X/lYYLHCIUppK5B9rvaiE9wvMy1WQxuT0IH9gXg+x1PVVxBJ/szxC52Ih/3z9skbG/zm7"
    "fv/T2fXh65dHWUF/iu6M1S0QeSLi1EfRfJinQNuHehMRxxcSGSfGbWCjPRF9xggV5F8p/D"
    "xsSBoYn7x88/L0xeuXG8FvrtTJuyhbLIoS/acUh3CXpFysISInTCeCPI//s4eirZHb5PLj"
    "xefJ2cefoful73/1lJzOJhdwZ6yurnNXD1/nrMumE/Tfy8lPCP5Ev119ulDiZL6Yc/XEpN"
    "3ktwN4JxwIZlF2b2EnLZP4cnwpo1YWCJuFWmjqD1KQftzBU38pGYdw8rqBQzjJqyxxCHAr"
    "++XEAV5RxhMZ0ZXLOI0ZhJDrvpmLXyeZzyUW5uHHs1+PMp/Mh6tPP8bNU8J//+HqPG+uqC"
    "8D3jYiTxBG4B0EvuLsznXKRF5tSdKYQQg9a0pejBuYkhfjSlMCt7JCXjKHeG0kvAEMULz9"
    "h+4uXQVCpry3hPot4sc8zMSPJfGjjBo6CbeAM9ItzXz8kvi8JuPxy4JzI0u44smfTu21tW"
    "wzTLMgI9cSuRLOWavwYAMwzqvCeQHPenObYvrgwgzbt/eYO1bhDhuzqrbFW8vxMn8FUzxX"
    "goNfCO9f5OF/5uSGcPkpEL8Rb19sP2rK368SaDMe/wwBzfbMR2Goj0JlKN7dDrjsSaA0FS"
    "R/5XJGeJG1f0A/21n1SupcD17RcOhRohh/yi3sWQE4QLvWP31iSN1+XbI2PuN9SkN1vqKk"
    "3RYfkdZ9Q98wWRC0khjpW4iDHBd7bB6oOVhGibL36N6VRh7+mjHxDoVDAjDoEG6P4HLJFG"
    "+fHZd4j8wkrGwYzr028SdtXUlTL2ImYps4ET28edGcDVUTieThI2nhtKPmA3TV/fNnNx67"
    "byPbuP0AhXsyPm0SCI1PqyMhuJcrLVjBrKljtZ+LzSLNnKzWc7LgNIoK/vfnq0/lyo3b59"
    "Xq2gL9hTzX38dQt0ahIIn6+av8VFVOSdBBfv5qSXxfRqolnF+14NMYI/yWwtcmD7mgwhUe"
    "WRIq6tKQYrMtWQhJAI0JqjnHFPKEFPadSg18FnCbhPd9hNGKMyeQQ0ww+YfKIhiV9w+j7E"
    "Gqd+WRknRkN4/YlphEXcF/w6eYNEWn4NikKbpoIlNPEX8yLcopYsgAI+r+05XIFLWQcIIY"
    "oIB3krJE3qZDypJFmpRF65SFfFu5srsOas4ie1Bz5BqMlvvRsjZh+iWdsW91AXq6wZbQ3I"
    "WmTWNy6VZtmegBe088947w9Tu1XmrF3SXma1iBhZb4FpZaIV8+njrIpTIEEkDyQ0MfVnNB"
    "qxvsemUh+Q6e8ICJZtlPG58YNR/cyqDxq1cN3KFsVekO1b36+JoTm0iFd/GPOegAHaT8id"
    "i5ot46Ggd7YkqjIauvJf1AnDnhZ7bNgnrKo6zhFsvqKYiFQ0xD3gOWwUaIcN6T3VOY+JQD"
    "URy9Q67w0Y07D6T4kb3AdE7QbA0lNo4LPWAPhfS2X77AtpeewwW2UUyarJkNqL+Ceh/Zwc"
    "YYR8975sdUyiHYdFir6+GVNPJHI2mqVwL5TDbHAmHZdfyOMBXMAhEjKSGO/Jchj7FbJNtO"
    "p5GAwwbTaTX9on5pdNdMC2uV5Vf7g43SGi/GigEDTEjHx8dNPPDxcbUHhnu5OTT4GloIOG"
    "4/QPn2vz4Fe550g5TMsZAmr8SQMOYRTCvK4wrgnMxnEr2HQq8zEldXHzIRy/llfqnVLx/P"
    "L64PT5QSZCNXVPGFDAqM2tnuBDOk6rhHJmoXkWSbiz1GGKF3FnoUiLWTewpkRN9Z9EwGvJ"
    "0S1gxwgOnqnqSn+jN9Ydr5I3yt27PTdLNRo9w0TJ2aZaaTkhwP5spVH+gQI4/Mw/pdmZlB"
    "dgdE9nR6BDss+ffyHWSKhsJUWOJFwGlJkrqrh5SmhRFdJ7s0OaFOBrY6J3xKPvapPdyuGN"
    "nUak8yL0q3epln2HpI4UN/OwSFHFbrcpEszlSMdA3MwuIEq6saSuFDGuiPHScbKm/HVJ6p"
    "3zF06V7TpZtgvm0qnQE+Tir9mP5z3zPptI45WcrfBb+2lTfOwIwX7h4Uqfy4RYSfAIYk9W"
    "GsGA8Zn5+Y52znhVKtRo1ooQWDlxg1qwmDxlA+gDyC74iPptMVoY5UBOy/TW2Jma0RplH5"
    "QKaigNFw2t8X8k5ZNVhvfYc1Cw7H92HBAqy8kb19+RISS64zQngJwb4U+/Pnz/+YTt+GG5"
    "BDFQO8BRJQdnDD2TIqSGi8M7h6AWicKu+s3hXcVJw9XsWZyRK18k8O7PNK1U4VnXVS3YdR"
    "zAPZFJNc7jK5TA3cNoLOwYy0TSr/5Kl8GEi1JL43GGOnO9tpTrDfznwkiAGO7JNGluOkxn"
    "KcFC2HLUXWbRFfFmmKPrSmqswivu9By5vUvHFcGwOGaC57364yrKm1usQDBagJCx4QFvjM"
    "67qwLgM11kxnawbsZlHB1ae8xO0HYcvqFNnXGS+akf9XK1DQlh1jy5uOGk0DsBjVeC7A9r"
    "A0Aw5yHbJcMXUMAKzFfhut0ZYKBDI/WjDI4cFrZC+IfRtuu8SJ2qvWU+sT55wFq7JJgd08"
    "xKwS3wvO/lb+0lbCjtoPwsjtOmDjRB221saJpCCDEPFj+JGsyMEale21WMfaJJhOQs8HYc"
    "M0Ioa0+Q4CYM1isgnH1L8hfHtIlmvZLCITEahxQDZj7FaGSh6Zj5Dsn1DnB0a9NSyXSZ93"
    "Ds0gblLnpZfFXJ37MQtv9ogzMAtvzMKb/avJMxO7jzSxu0/1UkM10fteLjV8vZhqKVMtNS"
    "xpm4IeU9Cjw+DeSUFPmNl2oIYyQMMMaccMabm60Ex/70zHsErHaslTpDG9MOla2cudcBVa"
    "TFgMU8zacNlXQN/WUdjpBqN65lpRwU35ahoyx0ArhyeFT6fo8JrN2C32ffzMR5f07tI5Ar"
    "oZ9isGe+BSm6uTm6AGYIQoDDXESeATp4TI7vkBsKwQtqwC3nSGfYLgSPY5Dcnw8AHwKPVM"
    "K02UsxWGg6NcB06TchD0ub5fEE4QkZLZ0drC8IXaxfEJxlDpPe1rHA2GNgY0jRlc3Uj/px"
    "mZo7qeKmM1R3XtfHDPpSjucaswNwUZoIj7r4OCo0qtFXfLaNw6E5LFGeKrsxlJBGm1ndEr"
    "gQ5wzJtVm4MZ63bAOdQwtxnkaYwZ3Q1GtwwylkwK0Gk1MZdFDY+52EGJgFlRl56MazQXVz"
    "MVZwpZv0sqW6PVx0bNu1PzCrtdPuUUzMxI6a3fNfDGbSelcrDhhR3j00aO8bTGM54WXaPH"
    "/G6eMQ00H5RuH5Q2k2I/h59lOOt1rd6wZGas0GpUPz0WfewtTgeVScmd6xCOIqg6wRMmk9"
    "ShnhHVN4rvWq5zlF+lgTl372CLzPLVHrt6SOlSkDQ1uenMrArRiaqonsoyVPTu91BJPooO"
    "IUSfM4ZaCXonpS16zMw+8bThjmevDM1saGZdjEj/9CcLhM2WrQjQFGSAIt7FHhU2cbvuZp"
    "WBGnZMu2QvF/l0qOJJozp5C83S9ycr41Hpn2VLuzUnbaPPUvQAeaxdBKHqdAmr/SLCPM6I"
    "u9nS+9L5ynPGPIJp1ZqQ0hnLmcQMy2WcX119yHiL88v8jka/fDy/kA5cSVw2ckWFQeHkJp"
    "C/r5vXzkANQ6ub09aHoYVyjffMIXVLF/KNRlv42U0JSOM9dxQEAeSdWkTA2T2Qoh6zYQud"
    "+4XrEYSh7h+uStkTLmNSdAikqecuXRFuVnhUtg1Pn10/YMPDtnU0D6qg0Yx43UkGafY7fB"
    "pylchgqYyNqk4vEsSAsov+zr1WTF3J2kA4b62O3CtbGui4tkB/ISjo3cOxWyM3EEbGoRc2"
    "kszvGZnz1NBBfiPJaBlFK9mnMUb4DxA+2ClOYD/izXbJDQ1KCdIYlqJhATFJ22vBIq2W0k"
    "3DjGhL9isSmIsutYYZoEnLdEvLNC0oNVremZZvXA5rnwJuL7BPLNigtSW1VdGDYbrqmS69"
    "GJDrTTixlQcpNB01YUNy8UqzsjUgJdgNwoq9gGOb4SwGVT2BDjM7JITDpVBPFrIZau+2us"
    "K13TzmAVyJqVB7ygq1p2WqdCrl6b/YQdddFr6D+Vk9KtU0ImL7L1QzKxl3XMYTTk50O5Qu"
    "DTVlPFonJRttBVS4Xmddb9BG3Zqr2yFk2fG7zkAN16Cznk3dTE0MNxA24TqoZRCS26N61k"
    "CdECfFS7HLicWD5udJZpBIIiFdV4GWzNgxdeRfckxLvcKfsgVk8DJmcSl55iOYqEFSkYFa"
    "YFdWTtF39022bEwlQB65I2roKyY9NHzVuze2i/ZNnF8b51czBiarfbKsNvM5thnsBeAAU7"
    "D+M1zYk7nlARopyABF3D9FtrHwTQW8AQxQvP2TCOCqg1Y7kScII+BmAo4Dk4KQGxQHGI5m"
    "P5K5YOV03FYsizRq1lrNNluuPNJx/7gc1rAzOmu6YvKiuhK0avLClIG+bVEGGpIFbeSeII"
    "zgWwpeG5rsczDbCKmOLytpN6onzvwUojFnBlzEMx+lsUgwhFFU7T1SJTFqHydoOoqvly44"
    "elhnpTs+pbmSaOt/s92TRnyMoca0UYU5V+NxCz5Mrjv80Fj6Kpc5FilbVrll390M0qhZaz"
    "VzKfr7EmqwdoY6AZk56uZ7O8h3wCUkd62kNxgj6OaCfpKqT81Yml1EAdpkkhP4KupSyHSD"
    "UX3uqL6wxknjDScEKQgS+JbQt6rWIdrzN5faqV0nlrIVnJEp8z87TADDRnCSZVki2f8DTH"
    "K5hxmNSS61UYVJLh8xubQ97Haris0iTdahXdahTfTwi19/aHfq/pbYAcxqi6Wd4K5jB/0c"
    "TYhH5hwvkev4iHyzCXHQizGaucIfoQUBbw6uf+bOkRwCZC6Bt2Rdvpqzt541XMCpf+WlFn"
    "GBOfJssJYzUynHbOy1KvpMEAOMQPov5ZLicMr2zqnZUXaDGB5x0L98Zy4XC2tNcJv9ibIg"
    "sztRCbkoTbP1P0ZbmYYMaIDWYQf5iXwcHBgzd+8I7VQeVsSbEjGdHW6sMUG+CavDUoAq/P"
    "B8xQ4OwbGF/E5aTpkkoEecM4nzjb2aM9EmIz8j3LUXB6XZeHRvVJ+J46TVtlS8WvA9J7/f"
    "CyH+wBimOqU1C68e42QH+KxaSDhqPkDpnhw3OW5XtqrOdo6Lx+0yKkq3zq6udU5BTLHzPh"
    "U7//1/I73JJw=="
)
