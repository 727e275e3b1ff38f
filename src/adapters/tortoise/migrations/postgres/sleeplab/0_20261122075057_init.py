# Written by `python -m adapters.tortoise.migrations new`: the SQL is Aerich's, for one
# dialect. Committed migrations are history; change the models and write a new one.
# ruff: noqa: E501
from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "conversations" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "user_id" BIGINT NOT NULL,
    "bot" VARCHAR(64) NOT NULL,
    "flow" VARCHAR(128) NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "data" JSONB NOT NULL,
    "messages" JSONB NOT NULL,
    CONSTRAINT "uid_conversatio_user_id_069cfc" UNIQUE ("user_id", "bot")
);
CREATE INDEX IF NOT EXISTS "idx_conversatio_user_id_4a0fbf" ON "conversations" ("user_id");
COMMENT ON TABLE "conversations" IS 'The persisted dialogue of one user with one bot; unique per (user, bot).';
CREATE TABLE IF NOT EXISTS "entitlements" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "user_id" BIGINT NOT NULL,
    "product" VARCHAR(64) NOT NULL,
    "source" VARCHAR(128) NOT NULL,
    "granted_at" TIMESTAMPTZ NOT NULL,
    "expires_at" TIMESTAMPTZ,
    CONSTRAINT "uid_entitlement_user_id_0068c8" UNIQUE ("user_id", "product", "source")
);
CREATE INDEX IF NOT EXISTS "idx_entitlement_user_id_4580b7" ON "entitlements" ("user_id");
COMMENT ON TABLE "entitlements" IS 'A granted entitlement; one source grants a product to a user once (unique triple).';
CREATE TABLE IF NOT EXISTS "inbox" (
    "key" VARCHAR(255) NOT NULL PRIMARY KEY,
    "received_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE "inbox" IS 'A processed delivery; the primary key makes a second insert of the same key fail.';
CREATE TABLE IF NOT EXISTS "questionnaire_runs" (
    "id" VARCHAR(64) NOT NULL PRIMARY KEY,
    "user_id" BIGINT NOT NULL,
    "questionnaire" VARCHAR(64) NOT NULL,
    "version" VARCHAR(32) NOT NULL,
    "level" VARCHAR(16) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "started_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "completed_at" TIMESTAMPTZ,
    "state" JSONB NOT NULL,
    "result" JSONB NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_questionnai_user_id_98e7ba" ON "questionnaire_runs" ("user_id", "level", "started_at");
COMMENT ON TABLE "questionnaire_runs" IS 'A questionnaire run; ``state`` and ``result`` are the engine''s JSON documents.';
CREATE TABLE IF NOT EXISTS "users" (
    "id" BIGINT NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "locale" VARCHAR(16) NOT NULL,
    "gender" VARCHAR(16),
    "birth_year" INT,
    "time_zone" VARCHAR(64) NOT NULL,
    "consent_given_at" TIMESTAMPTZ,
    "consent_text_version" VARCHAR(64),
    "active" BOOL NOT NULL
);
COMMENT ON TABLE "users" IS 'One row per user. Telegram ids exceed 32 bits, hence the big integer key.';
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSONB NOT NULL
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJztW21z2jgQ/isavlw6k8skJCG5yyeSy125aUInoXc37XQcYS9GEyNRWU7C9frfbyUMfg"
    "VsCi1Qf8PSPrb8rKTdZy0+13wPYOjR7sGV4E8gfaqY4HdgC+nUfiWfa5wOAH/MtdsnNToc"
    "xq10k6Jdz0DtGMI3xl1fSWor7OxRzwdscsC3JRtqEw3p9IEMEcN8BQ5xGPWEGwARPSI4kM"
    "AHSZ6Z6purrlAXJODsU2AwZE937+vmVwf6aY6w8XGMu6u+8bjLUsIF1QeJt//woaZtLGY4"
    "QcPax4/4g3EHXsDXBvpy+Gj1GHhJfscQ026p0dC0XTK3xdXvxla/SNeyhRcMeGQ/HKm+4F"
    "MA40q3usBBUnxBbFMy0PzywPNCf0woHw8/MhmPMoZxoEcDT3tJo8cDiNpqlnXb7lj31x3L"
    "qmU8OEHEuA+bcDZo7+NQfUOAq4fw8y/1+vHxWf3wuHF+enJ2dnp+eI62ZrzZrrMv48FEbI"
    "1vZThr/dG67egBCZxi4wmoG74YDFV0jDLOiNiPea24C2KgxX6YsD7PEZOG3fdExLxeJBnW"
    "r/pU5nMemqf4xtdYDd/RdvQtCB/QF8sD7qo+XjZO5nD5V/Pu6nXzbq9x8ipJ6G3YUzddSW"
    "p7nnguw+3EfgfJPaqfF2AXrWbSa/qS/AZDR/Nh0ZwZ/Bv2KDaAGTtHApni2wmhB5MfW8j+"
    "HLI7rZvr+07z5q2+/cD3P3mGr2bnWvfUTeso1brXSPllehPyd6vzmuhL8r59e23oFL5ypX"
    "liZNd5X9NjooESFhfPFnXinEyaJ00JN+ugkXXwn/ft23znTuzTbmW2Iv8RDzOP3XKoZiLh"
    "y8mi2btp/pNeT1dv2pdpJ+kbXKbW1gB8n7rglyE+jqnIL0m+Tkx7j7HkSDd0qf34TKVjZX"
    "pEXcyyzXYN6oN0C+XoKSd8Y/1+U31xzRVTHgyAq3kyJGu2QIVABCgoQprElZRrnRDDXhhp"
    "4ItA2jDu9wklQymcAKeYEnhhVITg2L8Xqgd079CDHDmynkcsEibhrfTP8VMqmbJJyXElUz"
    "bFExHzsSVTNJ2OQXYwo169XAm3ohIMR4gdJHgtkiWMNktIliSykiwbLVngZcjwdku4OYlc"
    "gZvD0FB5eTVe3pg0vcW74mVegh43WJCaM21aNCfHsGqj0NPVe/DYE8jRBVG6qi/ZgMoReY"
    "QRGdBH0Dmzj4/nDmEcUyCli/za0MeRGqseZV5eSr6GJ+Rk5EUzbrxPmZgYmq8mIH7flDsR"
    "DuunpwXCIVrNDIemb35+LcEGdPgy8TEF3cEAia9InTb3RuE82JKtNJyym7uT3gVzv7dG3Q"
    "t2UZwkvvYppxjBLRkU/dbaJAkkQeQFeXjwFU7NhwdCcXt7eECucTLpS7TQexyuS8bhJ5/o"
    "AhLB2ROYykrefrrq2y/eTBPVDg+ewDO1DkVlmMJ+LFXgmL3b5srq7d9sVyXutq+S8W131O"
    "9SykgsxzKTPQPcQdW9+rKGPvqih1SC6BhkByk+rheg+Lg+k2LdlaR4usMXJXgK2EF6jxpF"
    "ykbpZCtWNWpkCnMYqoOcL3FzCnNTREVwMYLlclW5JHIHRceWiIxCVbnqvMgP4WZbDIYeLO"
    "foNLYqwG6yp42Gzbp49gmVKaA6nvIVZ4PGxYIyvEeIivhtPRf0DsX/vDpZrH9/fqFMlxEK"
    "1sbaHIgUz+b4v4YdkA544Eo6IMzxCbzYAA4qGtJlyt8nfdBHcnT9qstcgm4CF4GPMMqWxV"
    "Z656/4vLCuAz2bX/HaiBM9toQlc8IkssoJNzpT8IRNvVLFtghRSegCEhrpcECWIThCLEXw"
    "hqXV6+a3y6TqWyOgORzPjBVJ0FIxY9NoHgeN+tHJ2cn5ceNkGiumLfNCRLYWr7dm61/BS2"
    "0NCdAO7g6rr8HrxwFXlsuegC8ly7P4SppvcsCdeEzBi7KW+AQzC797sWL1qw0VFa6THFkh"
    "hAeU5xMegVIUdxG1ri1toje+7WK6bLffJNbRZSulG27f3VxeY4Q2pKMRUzE5sTGKvAmS2f"
    "1arhoP+/bnK3EaWS2S4rOJX7H4/VH+yvKVOcxsSVt98F7f0cXYJovLqgTDofkOsnt0eFhE"
    "7BwezlY7ui+TMCrgpWrMMUhVZN6mIvOX/wE9nqlT"
)
