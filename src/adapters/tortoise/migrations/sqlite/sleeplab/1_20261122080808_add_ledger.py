# Written by `python -m adapters.tortoise.migrations new`: the SQL is Aerich's, for one
# dialect. Committed migrations are history; change the models and write a new one.
# ruff: noqa: E501
from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "ledger_accounts" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "owner" VARCHAR(200) NOT NULL,
    "unit" VARCHAR(32) NOT NULL,
    "allow_negative" INT NOT NULL,
    "posted" BIGINT NOT NULL,
    "held" BIGINT NOT NULL,
    "opened_at" TIMESTAMP NOT NULL,
    CONSTRAINT "uid_ledger_acco_owner_48f123" UNIQUE ("owner", "unit")
) /* One account per (owner, unit); ``posted`` and ``held`` change by conditional updates. */;
        CREATE TABLE IF NOT EXISTS "ledger_grants" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "key" VARCHAR(200) NOT NULL,
    "leg" INT NOT NULL,
    "account_id" BIGINT NOT NULL,
    "source_account_id" BIGINT NOT NULL,
    "owner" VARCHAR(200) NOT NULL,
    "source" VARCHAR(200) NOT NULL,
    "unit" VARCHAR(32) NOT NULL,
    "lapses_at" TIMESTAMP NOT NULL,
    "remaining" BIGINT NOT NULL,
    "sweeps" INT NOT NULL,
    CONSTRAINT "uid_ledger_gran_key_f9fbaf" UNIQUE ("key", "leg")
) /* The unspent rest of one grant (a leg with ``lapses_at``); ``sweeps`` counts returns. */;
CREATE INDEX IF NOT EXISTS "idx_ledger_gran_account_243e1b" ON "ledger_grants" ("account_id");
CREATE INDEX IF NOT EXISTS "idx_ledger_gran_lapses__4eefef" ON "ledger_grants" ("lapses_at");
        CREATE TABLE IF NOT EXISTS "ledger_holds" (
    "key" VARCHAR(200) NOT NULL PRIMARY KEY,
    "source_account_id" BIGINT NOT NULL,
    "destination_account_id" BIGINT NOT NULL,
    "source" VARCHAR(200) NOT NULL,
    "destination" VARCHAR(200) NOT NULL,
    "unit" VARCHAR(32) NOT NULL,
    "amount" BIGINT NOT NULL,
    "reason" VARCHAR(100) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "expires_at" TIMESTAMP,
    "state" VARCHAR(16) NOT NULL,
    "posted_amount" BIGINT NOT NULL,
    "resolved_at" TIMESTAMP,
    "draw" TEXT NOT NULL
) /* A hold; it leaves ``pending`` once, by an update conditional on that state. */;
CREATE INDEX IF NOT EXISTS "idx_ledger_hold_state_34134c" ON "ledger_holds" ("state", "expires_at");
        CREATE TABLE IF NOT EXISTS "ledger_operations" (
    "key" VARCHAR(200) NOT NULL PRIMARY KEY,
    "kind" VARCHAR(16) NOT NULL,
    "request" TEXT NOT NULL,
    "reverses" VARCHAR(200) UNIQUE,
    "created_at" TIMESTAMP NOT NULL
) /* A claimed idempotency key: inserting it is the replay check; one reversal per group. */;
        CREATE TABLE IF NOT EXISTS "ledger_transfers" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "key" VARCHAR(200) NOT NULL,
    "leg" INT NOT NULL,
    "unit" VARCHAR(32) NOT NULL,
    "source_account_id" BIGINT NOT NULL,
    "destination_account_id" BIGINT NOT NULL,
    "source" VARCHAR(200) NOT NULL,
    "destination" VARCHAR(200) NOT NULL,
    "amount" BIGINT NOT NULL,
    "reason" VARCHAR(100) NOT NULL,
    "booked_at" TIMESTAMP NOT NULL,
    "lapses_at" TIMESTAMP,
    "hold_key" VARCHAR(200),
    "reverses" VARCHAR(200),
    CONSTRAINT "uid_ledger_tran_key_360c97" UNIQUE ("key", "leg")
) /* A booked leg, append-only; ``id`` is the booking order. */;
CREATE INDEX IF NOT EXISTS "idx_ledger_tran_source__77f307" ON "ledger_transfers" ("source_account_id");
CREATE INDEX IF NOT EXISTS "idx_ledger_tran_destina_c798ab" ON "ledger_transfers" ("destination_account_id");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "ledger_transfers";
        DROP TABLE IF EXISTS "ledger_holds";
        DROP TABLE IF EXISTS "ledger_grants";
        DROP TABLE IF EXISTS "ledger_operations";
        DROP TABLE IF EXISTS "ledger_accounts";"""


MODELS_STATE = (
    "eJztXW1zozgS/isqf7lMlTeVOK87+ZTM5WZyNRNvZbx3W5udwjIomAqWvCAm8e3Nf99ugc"
    "2LwQFiJ5jom436EfC0aHW3WvBXx3cZm7p0tPtB8O/M86l0BL9hpvCsznvyV4fTCYMfK+W6"
    "pEOn06QUHpJ05CqomUD4SnjkS4+aEhrvqOszOGQx3/ScKYogZDBmZAoYx5fMIpZDXWEHjI"
    "g7Ijgjgc888uDIsfo3EvKMBNz5M1AYsoPNXTz8bhfPZgkTTudwe90dh02GFDaTY+ZB97e3"
    "HZQxHMUJCHa+fYMfDrfYI/NRAP9O7407h7lpfkOIOm7I2VQdu3DsKy7/pWTxRkaGKdxgwm"
    "P56UyOBV8AHC7xqM048yjcIByTXoD88sB1I33MKQ8vPxYJrzKBsdgdDVzUEqLDC4iPdQzj"
    "uj8wvl4ODKOzpME5IsF9dAhGA2ofLtVXBNh4CT/93OsdHJz09g6OT48OT06OTvdOQVZd73"
    "LTyY/wYmK2wq4UZ1cfr64HeEEChlg4APHAD4WhkoYopYyY/YTWyqsgAXpaD3PWVylifqD9"
    "moiZx4dkifUPY+rlcx6JZ/iG21gP37E5egnCJ/TRcBm35Rj+Hh+u4PI/5zcfPp3f7Bwfvk"
    "sTeh219FRTmto7VzxU4XYu30Jy93unJdgFqUJ6VVua32BqIR8GzRnB/4QW6UxYgeVIITN8"
    "WxF0d/5jC9lfQfbg6svl18H5l1+w+4nv/+kqvs4Hl9jSU0dnmaM7xxm9LDoh/70afCL4l/"
    "zev75UdApf2p46Yyw3+L2D10QDKQwuHgxqJTmZH54fSqkZJ41lBf/7a/86X7lz+axaHVOS"
    "/xMXPI92KRSZSOly/tDsfDn/Lfs8ffjcv8gqCTu4yDxbE+b71GZ+FeKTGE1+RfLRMb27Tz"
    "hHeGBEzfsH6lnGUovoiSLZ5aZJb5I9QjloyoruGO9vEV9cculIl00Yl6vCkGWxJ6IQFgNK"
    "BiHnxPYoxzghgT1ToYEvAs9kYbtPKJl6wgpgiEkBf1QUITi070TRA6h36rKccGQzp3gqMI"
    "m6wp/hWXSY0iTnWIcpTdFEzHzikSnrTicgLfSo1x+uRKaoAsMxooUEbyRkiWabGiFLGqlD"
    "lkaHLOxx6kB3NdScRq5BzdHUoLW8Hi03xk2/4iPxuMpBTwo84Zo7KFrWJ4dp1YRAD7P3zH"
    "W+M292RiRm9T1nQr0ZuWczMqH3DH1mH07PLeJwcIEkJvlR0IcrVVJ31HHzXPINnCHHIy/r"
    "cUM/VebESHw9E+Lrutyp6bB3dFRiOgSpwulQta32rz1mMlB4nfkxA23hBAm3SK0+d2fRON"
    "gSUxoN2eZa0s/Mspl3bpoiWJ3yyBN8wrK6CmLQEFMy79HnjESIcN1TPHBc+ISBKN+dkeEQ"
    "2WfWcEgomL7hcAw3Cn/MMeU2I6MZQZPoYG/UJWGq21+2sxs7S272Q3UetepV2UYF2cXmeK"
    "G0spPfAtDCeLC3t1dmAtzbK54AsS2zhIVPQwWC5/It5PegV4Leg14hu9iUJpe6LsxCnNlU"
    "gmeQY0iEcBnl+UwvgzOcjwC9haSvMhL9/ueUw3BxlTEZ179+ubi82dlXSgAhRxal69TcUc"
    "12x5hNpUlfdnS/Sp50HDFbnvY5QpNem3QxBZbqBC0pYAtDli0JUZqf7QlDj4+YA346QkmK"
    "lYtPwkXOctEJVnAG3IeRKwnQK+e1m6oPskOJy+ywhnM4dOnUV8nM4VCFFP4DXIOPUYQKhw"
    "AvA4/nBCebOklubBKlbKBLHZg0ycAWByavmZN77Rlu80EJPghL7BaO7Ei6Te5Db//w5PD0"
    "4PhwMagXR1aN5WXHIMqvVC4ZSON01UBdxyxcoDbqqiEX3qaB/tJ+ss4nbdh06xoOnbPb6p"
    "zdwpmvGkqngC8TSr/k/LntkXRSxx6bwH3h3VaajVMwPQvXd4pUfFzBw48BbWL9WU5+wxJD"
    "n4RrPZ0XSkh1S6WFxgIvoluuLgiFz4gjicvod+bjAjLjFihiOFSV8l1cM6Y8WipOrR4LTu"
    "SYSuJLaMmrCFpb33/wP/hwaHn0AZCOT3D3BfR2exsmlhyrS+gEnX2gfXd399tw+J48IBzL"
    "ivAqiBTintx5YhLtDChZXnTbUReAwokSv2+66ujFHLjibJKOEhs1P8HFSoertxXU1klxH1"
    "oxz8ym6OByk8FlYuBWIToD02zrUP7VQ/nQkaqY+F5gtJ2ubac9Rv1q5iNGtHBk75eyHPsr"
    "LMf+suUwgbJ6G7nSSF300ehUld7I9Ra0vAjNS/u1c0AbzeVxGWuZVVfCWB5nbWVY2GnU8Q"
    "eWoNoteIZb4Au37uaqFFRbsyZbM8xuLit4wB6LciWRfCts2SpFXv42SOlw6VU9Cz1+7l9/"
    "nItn39/TuOR/f4oKeuKtofmi3VLLAGKOKr0WYLoUzIBFHItNpkIybqpdu++jfbqgQEzmO7"
    "5Kq3t44hkxx8y8D1+94zH1vlJX7UuzPRFM8xYFNnMSvVO4QZmaFRWgcKeVyI7kW2HkNu2w"
    "eQxu08/xEoonkQSkFRS/xDySphytUd779lZlbWJMLdKzTlg7jYhO2rwBB7hhPtnAo9y/Y9"
    "7TLllGspxHJiNQaYdsJMQ9uEous7sE+mfc+klwd4bbZRwrLIVALwnF0G+CK2Fens9Vux+9"
    "8WaLcgZ6443eeLN9NXl6YfeFFna3qV6qrSZ628ul2q8XXS2lq6XaxbYu6NEFPU0Y3Bsp6A"
    "kj2xqpoRRQZ4Yalxlq5O5Cvfy9MR3jLh2jYp4iiVlLJr1R9nIjzkAjFizaSXNjctk3wcqa"
    "gri5uzprrZYGgVtOHY8ZXlC+kCCFJIBUL3jC6rvFe2nBdIBS8S9IYPIZ9OFw9o9ocx9oMV"
    "DfHMpLZ6+7+zL7ABOfg3HheVDvkIRTetHyUvGWwLygvvhZyw3ft7+4YF2fPdm+b/y8gTgn"
    "9ThWGexLwBZGPev/4A9OxhUzJwlICynewOtM5ha+LMELQAvpXX+hEk7VQSUXNEZogssR7N"
    "WrmEkjdV6k0TGz/pLym1CzKSZTl9WsgMtgdRKsyZou2NFW/O3moh1t+sPN7yt8NTtMFlTh"
    "PUZo4rf1i9m/+qsLPRPt3dWJMkwjVPhIlCce1O4VhO2SAXOZ7dEJcSyfsEeTMQsiGjJypN"
    "8lY4Yfq1a1mY5NQE3MBuA9m+V/GGptPT9jO82mKj2bn/FqRKmnLpZ/E56CK0zqVkq2xQgd"
    "QpcIoYEOq9pbr2NE+xbJ1s/vyPHk2JgxmsNx4VyRBtWaM5pG85orqNE0G/8TvJJpSIFaaB"
    "3Wn4PH0zEuDdv5znitsHwZr0PzJk+4c41J9iiNGkswRfj2zRXrf9ogoqrxJUjzFb4AOY83"
    "tuoLkI2JyM+Z55jjTm40HrV1V0fiNJZ6KhQvJn7Nwe9b2eP4TB+mOKTVC97ZkrWjozIla0"
    "dHxSVr2JYxsvBYVWA4Em8hu5t58aTgkuXtwijOMScgOsm8TUnmH38D4ehOCA=="
)
