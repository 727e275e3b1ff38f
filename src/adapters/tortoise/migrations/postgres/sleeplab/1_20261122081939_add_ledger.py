# Written by `python -m adapters.tortoise.migrations new`: the SQL is Aerich's, for one
# dialect. Committed migrations are history; change the models and write a new one.
# ruff: noqa: E501
from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "ledger_accounts" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "owner" VARCHAR(200) NOT NULL,
    "unit" VARCHAR(32) NOT NULL,
    "allow_negative" BOOL NOT NULL,
    "posted" BIGINT NOT NULL,
    "held" BIGINT NOT NULL,
    "granted" BIGINT NOT NULL,
    "opened_at" TIMESTAMPTZ NOT NULL,
    CONSTRAINT "uid_ledger_acco_owner_48f123" UNIQUE ("owner", "unit")
);
COMMENT ON TABLE "ledger_accounts" IS 'One account per (owner, unit); its figures change by conditional updates.';
        CREATE TABLE IF NOT EXISTS "ledger_grants" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "key" VARCHAR(255) NOT NULL,
    "leg" INT NOT NULL,
    "account_id" BIGINT NOT NULL,
    "source_account_id" BIGINT NOT NULL,
    "owner" VARCHAR(200) NOT NULL,
    "source" VARCHAR(200) NOT NULL,
    "unit" VARCHAR(32) NOT NULL,
    "lapses_at" TIMESTAMPTZ NOT NULL,
    "remaining" BIGINT NOT NULL,
    "sweeps" INT NOT NULL,
    CONSTRAINT "uid_ledger_gran_key_f9fbaf" UNIQUE ("key", "leg")
);
CREATE INDEX IF NOT EXISTS "idx_ledger_gran_account_243e1b" ON "ledger_grants" ("account_id");
CREATE INDEX IF NOT EXISTS "idx_ledger_gran_lapses__4eefef" ON "ledger_grants" ("lapses_at");
COMMENT ON TABLE "ledger_grants" IS 'The unspent rest of one grant (a leg with ``lapses_at``); ``sweeps`` counts returns.';
        CREATE TABLE IF NOT EXISTS "ledger_holds" (
    "key" VARCHAR(255) NOT NULL PRIMARY KEY,
    "source_account_id" BIGINT NOT NULL,
    "destination_account_id" BIGINT NOT NULL,
    "source" VARCHAR(200) NOT NULL,
    "destination" VARCHAR(200) NOT NULL,
    "unit" VARCHAR(32) NOT NULL,
    "amount" BIGINT NOT NULL,
    "reason" VARCHAR(100) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "expires_at" TIMESTAMPTZ,
    "state" VARCHAR(16) NOT NULL,
    "posted_amount" BIGINT NOT NULL,
    "resolved_at" TIMESTAMPTZ,
    "draw" TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_ledger_hold_state_34134c" ON "ledger_holds" ("state", "expires_at");
COMMENT ON TABLE "ledger_holds" IS 'A hold; it leaves ``pending`` once, by an update conditional on that state.';
        CREATE TABLE IF NOT EXISTS "ledger_operations" (
    "key" VARCHAR(255) NOT NULL PRIMARY KEY,
    "kind" VARCHAR(16) NOT NULL,
    "request" TEXT NOT NULL,
    "reverses" VARCHAR(255) UNIQUE,
    "created_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE "ledger_operations" IS 'A claimed idempotency key: inserting it is the replay check; one reversal per group.';
        CREATE TABLE IF NOT EXISTS "ledger_transfers" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "key" VARCHAR(255) NOT NULL,
    "leg" INT NOT NULL,
    "unit" VARCHAR(32) NOT NULL,
    "source_account_id" BIGINT NOT NULL,
    "destination_account_id" BIGINT NOT NULL,
    "source" VARCHAR(200) NOT NULL,
    "destination" VARCHAR(200) NOT NULL,
    "amount" BIGINT NOT NULL,
    "reason" VARCHAR(100) NOT NULL,
    "booked_at" TIMESTAMPTZ NOT NULL,
    "lapses_at" TIMESTAMPTZ,
    "hold_key" VARCHAR(255),
    "reverses" VARCHAR(255),
    CONSTRAINT "uid_ledger_tran_key_360c97" UNIQUE ("key", "leg")
);
CREATE INDEX IF NOT EXISTS "idx_ledger_tran_source__77f307" ON "ledger_transfers" ("source_account_id");
CREATE INDEX IF NOT EXISTS "idx_ledger_tran_destina_c798ab" ON "ledger_transfers" ("destination_account_id");
COMMENT ON TABLE "ledger_transfers" IS 'A booked leg, append-only; ``id`` is the booking order.';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "ledger_grants";
        DROP TABLE IF EXISTS "ledger_operations";
        DROP TABLE IF EXISTS "ledger_transfers";
        DROP TABLE IF EXISTS "ledger_accounts";
        DROP TABLE IF EXISTS "ledger_holds";"""


MODELS_STATE = (
    "eJztXVFzozgS/isqv2ymyptKnEySm3lKZnMzuZpJrjLe263NTmEZZEwZS14Qk/j25r9ftw"
    "ADNjhA7AQTvaRiqT8BX0Oru9WCvzu+y9jMpcP9D4J/Z55PpSP4LTOFZ3Xekb87nE4Z/LNW"
    "rks6dDZLS2GTpENXQc0UwlfCQ1961JTQOaKuz6DJYr7pOTMUQUh/zMgMMI4vmUUsh7rCDh"
    "gRIyI4I4HPPHLvyLH6NRTyPQm481egMGQPu7vY/GYfj2YJEw7ncHvTA4ddhhQ2k2PmwfB3"
    "dx2UMRzFCQh2vn2DfxxusQfmowD+nE2MkcPcLL8hRLUbcj5TbReOfcXlP5UsXsjQMIUbTH"
    "kiP5vLseALgMMlttqMM4/CBUKb9ALklweuG+kjpjw8/UQkPMsUxmIjGrioJUSHJ5C0dQzj"
    "+qZvfL3sG0ZnRYMxIsV91AR3A2ofTtVXBNh4Cj//o9c7OjrtHRydnL09Pj19e3ZwBrLqfF"
    "e7Tn+EJ5OwFQ6lOLv6eHXdxxMScIuFNyA2/FAYKmmIUspI2E9prbwKUqDH9RCzvk4RcUP7"
    "NZEwjw/JCusfxtTL5zwSX+IbLmMzfCfm6DkIn9IHw2XclmP4eXK8hsv/nN9++HR+u3dy/C"
    "ZL6HXU01NdWWpHrrivwm0s30JyD3tnJdgFqUJ6VV+W32BmIR8GzbmDf4Ee6UxZgeXIIJf4"
    "tiLofvzPDrK/huz+1ZfLr/3zL//G4ae+/5er+DrvX2JPT7XOl1r3Tpb0shiE/HbV/0TwJ/"
    "nj5vpS0Sl8aXvqiIlc/48OnhMNpDC4uDeoleYkbo6bMmrGSWNVwf/6enOdr9xYflmtjinJ"
    "/4gLnke7FIpMZHQZPzR7X85/X36ePny+uVhWEg5wsfRsTZnvU5v5VYhPYzT5FclHx3Q0ST"
    "lH2DCk5uSeepax0iN6okh2tWvamy63UA6asqIrxutbxBeXXDrSZVPG5bowZFXskSiEJYCS"
    "Qcg5sT3KMU5IYd+r0MAXgWeysN8nlMw8YQVwi0kBP1QUITj070XRA6h35rKccGQ7h3gsMI"
    "mGwn/Do+gwpUnOsQ5TmqKJhPnUI1PWnU5BWuhRbz5ciUxRBYYTRAsJ3krIEs02NUKWLFKH"
    "LI0OWdjDzIHhaqg5i9yAmqOpQWt5M1pujJt+xYfiYZ2DnhZ4xDV3ULSsTw7TqgmBHmbvme"
    "t8Z978PZGY1fecKfXmZMLmZEonDH1mHw7PLeJwcIEkJvlR0IczVVIj6rh5LvkWjpDjkZf1"
    "uGGcKnNiJL6ZCfFlXe7MdNh7+7bEdAhShdOh6lvvX3vMZKDwOvPjErSFEyRcIrVuuDuP7o"
    "MdMaXRLdtcS/qZWTbzzk1TBOtTHnmCj1hWV0EMGmJK5j1uOCMRIlz3FPccFz7hRpRv3hNH"
    "+mTk2AHQT8wx5TYjwzlBM+jgCNQlYXrbX7WtGxv5T/4nHwwin3QwII6vDG/A/RmDsWGAhT"
    "GOjveTH6dS9tCmE+ERl87AyL/pgqmeSeILEKeSUBg6PkdcChaBjJGcMQv+CuIKMSEgOxhE"
    "BIcCg0Fx+kVdadSrl4UbFeUXzwcLpZWdfReAFgakvYODMjPwwUHxDIx9S2to+DRUIDiWby"
    "G/R70S9B71CtnFriy51HVhGuTMphJMXo4hEcJllOczvQpe4nwI6B0kfZ2RuLn5nPFYLq6W"
    "TMb1r18uLm/3DpUSQMiRRflCgQVG1Wx3gtlWnvZ57+4XSdSOI2bL0x4jNOm1SY8csWq8p0"
    "Ca+trUC3B4awWsGWALw9UdCU+bn+kLw86P+LQ+Hp2mxbqlYtMwdCoXmfZzYjxcK1djkD1K"
    "XGaH9bsQmWF0h4nswQBCy8HAv4dzgBCNhKEw4GXg8ZwgdVsHyQ0Lo3QdDKljwiYZ2OKY8C"
    "XzsS89w20rI5uwiw/CCruFd3Yk3Sb3oXd4fHp8dnRyvLipFy3r7uVVxyDKYVUuF8nidMVI"
    "XccsLE4w6qohF96mG/25/WSdyttyKk/X7+h06U6nSxfOfNVQOgN8nlD6OefPXY+k0zr22B"
    "SuC6+20mycgelZuL5TpOLjCh5+AmgT609y8huWGPokXOvxvFBKqlsqLTQWeBLdcjVhKIzl"
    "A8Rl9DvzyWAwY9wCRQwGapdEF+sIKI/KBzIVBYKHy/6+hJ68arCNjR3WLFgevQ8LFnDnDY"
    "x2dxcmlhyrS+gUnX2gfX9//9tg8I7cIxyrGPAsiMSyg5EnplFBQsnSsruOOgEUTpV3ftMV"
    "Zw2oONNRYqPmJzhZ6XD1poraOikeQyvmidkUHVxuM7hM3bhViF6CabZ1KP/ioXzoSFVMfC"
    "8w2k7XttMeo34185EgWnhnH5ayHIdrLMfhquUwgbJ6m/iySF300ehUld7E9xq0vAjNS/u1"
    "MaCN5vKkjLVcVlfKWJ4s28qwptao4w+sQLVb8AS3wBdu3Y11Gai2Zk22ZpjdXFVwnz0U5U"
    "oi+VbYsnWKvPy9n9HhymuaFnr8fHP9MRZffndT45L/NzNU0CNvjM0X7ZZaBhAxqvRagOlS"
    "MAMWcSw2nQnJuKl2bL+L9miDAjGZH20Y9PDAc2KOmTkJX7vkMfWuWlftT7Q9EczyFgW2cx"
    "C9S3wncvYTuNJKZEfyrTBy23bYPAaX6ed4CcWTSArSCoqfYx7JUo7WKO9di+uyNgmmFunL"
    "Tlg7jYhO2rwCB7hhPlnfo9wfMe9xl2xJspxHJiNQaYdsKMQEXCWX2V0C4zNu/Sy4O8ftMk"
    "7q3Q0ohn4TnAnz8nyu2uPojTc7lDPQG2/0xpvdq8nTC7vPtLC7S/VSbTXRu14u1X696Gop"
    "XS3VLrZ1QY8u6GnCzb2Vgp4wsq2RGsoAdWaocZmhRu4u1MvfW9Mx7tIxKuYp0piNZNIbZS"
    "+3kqtoxIJFO2luTC77NlhbU5B0d9dnrdXSIHDLqeMxwwvKFxJkkASQ6gVPWH03GBDKLfgF"
    "pgOUij9BApPPoA+Hs5+izX2gxUB9byovnb3p4cvsA0x9CsiF50G9vhMO6UXLS8VbAvOC+u"
    "JnLTd83/3igk198mb3vu/0CuKczONY5WZfAbYw6tn8x55wMq6YOUlBWkjxFl5nElv4sgQv"
    "AC2kd/OFSjhVB5Vc0AShCS5HsFevYiaL1HmRRsfM+ivar0LNppjOXFazAm4Jq5NgTdZ0wY"
    "624u92F+1o0x/tflfhi+lhsqAK7wlCE7+rX0v/1V9f6Jnq765PlGEaocIHwjxxr3avIGyf"
    "9JnLbI9OiWP5hD2YjFkQ0ZChI/0uGTP8ULmqzXRsAmpiNgAnbJ7/gbCNjfyE7TTbqvRsfs"
    "arEaWeulj+VXgKrjCpWynZliB0CF0ihAY6rGpvvU4Q7Vsk2zy/Q8eTY2POaA7HhXNFFlRr"
    "zmgazRuuoEbTbPxX8EqmIQNqoXXYfA4eD8e4NGznO+O1wvJVvA7NmzzhxhqT7EEaNZZgiv"
    "Dtmys2/7RBRFXjI5zmC3x8M443durjm42JyM+Z55jjTm40HvV110fiNJF6LBQvJn7Dwe9r"
    "2eP4RB+mOKTVC97PURmIj1UFhiPxFrK7nRdPCi5Z3i6M4hxzCqKTzLuUZP7xfz4y8to="
)
