# Written by `python -m adapters.tortoise.migrations new`: the SQL is Aerich's, for one
# dialect. Committed migrations are history; change the models and write a new one.
# ruff: noqa: E501
from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "orders" (
    "number" BIGSERIAL NOT NULL PRIMARY KEY,
    "order_id" VARCHAR(64) NOT NULL UNIQUE,
    "user_id" BIGINT NOT NULL,
    "product" VARCHAR(64) NOT NULL,
    "gateway" VARCHAR(16) NOT NULL,
    "list_price" BIGINT NOT NULL,
    "list_price_unit" VARCHAR(32) NOT NULL,
    "amount" BIGINT NOT NULL,
    "currency" VARCHAR(32) NOT NULL,
    "promo_code" VARCHAR(32),
    "state" VARCHAR(20) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "paid_at" TIMESTAMPTZ,
    "payment_key" VARCHAR(280),
    "closed_at" TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS "idx_orders_user_id_f00b6a" ON "orders" ("user_id");
CREATE INDEX IF NOT EXISTS "idx_orders_state_991b00" ON "orders" ("state", "expires_at");
COMMENT ON TABLE "orders" IS 'An order; ``number`` (Robokassa''s InvId) is its autoincrement key, never reused.';
        CREATE TABLE IF NOT EXISTS "payments" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "gateway" VARCHAR(16) NOT NULL,
    "payment_id" VARCHAR(255) NOT NULL,
    "order_id" VARCHAR(64) NOT NULL,
    "amount" BIGINT NOT NULL,
    "currency" VARCHAR(32) NOT NULL,
    "outcome" VARCHAR(16) NOT NULL,
    "received_at" TIMESTAMPTZ NOT NULL,
    "payer_id" BIGINT,
    "provider_charge_id" VARCHAR(255),
    "grant_source" VARCHAR(255),
    "late" BOOL NOT NULL,
    "refunded_at" TIMESTAMPTZ,
    CONSTRAINT "uid_payments_gateway_c19c7f" UNIQUE ("gateway", "payment_id")
);
CREATE INDEX IF NOT EXISTS "idx_payments_order_i_b4a5f9" ON "payments" ("order_id");
COMMENT ON TABLE "payments" IS 'One provider payment, unique per (gateway, payment_id); ``id`` is the arrival order.';
        CREATE TABLE IF NOT EXISTS "promo_codes" (
    "code" VARCHAR(32) NOT NULL PRIMARY KEY,
    "kind" VARCHAR(16) NOT NULL,
    "percent" INT,
    "amounts" JSONB NOT NULL,
    "products" JSONB NOT NULL,
    "max_redemptions" INT,
    "max_per_user" INT,
    "starts_at" TIMESTAMPTZ,
    "expires_at" TIMESTAMPTZ,
    "first_purchase_only" BOOL NOT NULL
);
COMMENT ON TABLE "promo_codes" IS 'A promo code; its row is locked while a use is reserved (the limit check).';
        CREATE TABLE IF NOT EXISTS "promo_redemptions" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "code" VARCHAR(32) NOT NULL,
    "user_id" BIGINT NOT NULL,
    "order_id" VARCHAR(64) NOT NULL UNIQUE,
    "state" VARCHAR(16) NOT NULL,
    "reserved_at" TIMESTAMPTZ NOT NULL,
    "reserved_until" TIMESTAMPTZ NOT NULL,
    "redeemed_at" TIMESTAMPTZ,
    "late" BOOL NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_promo_redem_code_ca28a3" ON "promo_redemptions" ("code");
COMMENT ON TABLE "promo_redemptions" IS 'One use of a code by one order (``order_id`` unique); ``id`` is the reservation order.';
        CREATE TABLE IF NOT EXISTS "subscriptions" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "user_id" BIGINT NOT NULL,
    "product" VARCHAR(64) NOT NULL,
    "started_at" TIMESTAMPTZ NOT NULL,
    "period_end" TIMESTAMPTZ NOT NULL,
    "renews" BOOL NOT NULL,
    "trial" BOOL NOT NULL,
    "order_id" VARCHAR(64),
    CONSTRAINT "uid_subscriptio_user_id_ae1ffb" UNIQUE ("user_id", "product")
);
COMMENT ON TABLE "subscriptions" IS 'A user''s subscription to a product, one per (user, product).';
        CREATE TABLE IF NOT EXISTS "trials" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "user_id" BIGINT NOT NULL,
    "product" VARCHAR(64) NOT NULL,
    "claimed_at" TIMESTAMPTZ NOT NULL,
    CONSTRAINT "uid_trials_user_id_7fc48b" UNIQUE ("user_id", "product")
);
COMMENT ON TABLE "trials" IS 'A free trial taken: the unique (user, product) row makes it once per user, ever.';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "payments";
        DROP TABLE IF EXISTS "trials";
        DROP TABLE IF EXISTS "promo_redemptions";
        DROP TABLE IF EXISTS "orders";
        DROP TABLE IF EXISTS "promo_codes";
        DROP TABLE IF EXISTS "subscriptions";"""


MODELS_STATE = (
    "eJztXeFzmzgW/1c0+dJkxptJnDbNtZ+SXq7NTZvspN67ne12sAyyrQmWvAKS+Hb3fz89gW"
    "3AgIFAIlN96TTwfgK/J57e++lJ+nPPcwmZu3h0+IGzeyI87FPObonNhbP3Dv25x/CMyP8U"
    "yvXQHp7P41JwyccjV0HtGMJTwiPPF9j25c0xdj0iLznEswWdgwhABlOC5hJDPZ84yKHY5Z"
    "OAID5GnBEUeESgB+pP1V8j7r9HAaN/BAqD9uF2Dy4fHMLTHG7Lx1E2abrh8Jbl8wnxp0TI"
    "5r992wMZiyqdSMG979/lfyhzyCPxQAD+nN9ZY0rcpH5DiLpu+Yu5unZBJ1fM/5eShR8ysm"
    "zuBjO2lp8v/ClnKwBlPlydEEYElj9QXvNFAPplgetG9liqPHz9tUj4ljGMQ8Y4cMFKgA5f"
    "YH1tz7KubwbW18uBZe1tWHCJiOk+uiR7A1hfvqqnFDCBV/jpH/3+ycnb/tHJ6dmb12/fvj"
    "k7OpOy6n03b739O3yZtbbCppTOrj5eXQ/ghbjsYmEHhAt/Kwz2cYhSxlhrP2a18iaIgbbb"
    "Yan1IkMsL3TfEmvNw0eyofUPUyyydR6Jp/Qtf0Yz+l67o+dQ+Aw/Wi5hE38q/zx9XaDL/5"
    "zffvh0frt/+vogqdDr6E5f3Uqqduzyhyq6Xcp3ULnH/bMS2pVSuepV95L6DeYO6MPCGT34"
    "n/KOT2ckx3MkkCl9OxH0cPmfHdR+gbIHV18uvw7Ov/wMzc887w9X6et8cAl3+urqInV1/z"
    "Rll1Uj6L9Xg08I/kS/3VxfKnVyz58I9cS13OC3PXgnHPjcYvzBwk5cJ8vLy0sJM8OgsWng"
    "f3+9uc427lI+bVZq++gv5MrIo1sGBU0kbLn8aPa/nP+a/p4+fL65SBsJGrhIfVsz4nl4Qr"
    "wqio9jjPIrKh8C0/FdLDiCCyNs3z1g4Vgbd3if58lu3pr1Z+krmElLOdEvht+3yi8umU99"
    "l8wI84vSkE2xLVkIWQNKJiHnaCIwgzwhhn2vUgOPB8Im4X0PYTQX3AlkF/O5/ENlEZzJ+/"
    "tR9iDNO3dJRjrSziO2JSZRU/Df8CkmTdEpODZpii6WWGs+9smUDadjkA5G1M2nK5ErqqDh"
    "NaKDCm4lZYlGmxopSxJpUhatUxbyOKeyuRpmTiIbMHM0NBgrN2NlbcL0Kzbij0UBelxgS2"
    "hOQbRsTC6HVVsmesDeE5feE7F4j3xg9QWdYbFAd2SBZviOQMzsycczB1EmQyAfSH4Q9OSb"
    "Kqkxpm5WSN7CEzIi8rIRt2ynypgYiTczIL5syJ0YDvtv3pQYDqVU7nCo7hXH14LYRBq8zv"
    "iYgnZwgJQ/ETs3zF1E/WBHXGnUZfX1pJ+JMyHi3LZ5UEx5ZAlu8ayuglg4xJTkPW4YQREi"
    "nPfkDwwmPmVH9A/eI+p7aEwngVQ/sqeYTQgaLRC4QQotYBeF9La36Vsba/l39jsbDqOYdD"
    "hE1FOON2DenMi2ZQMrZxw975W3pFL2wacjLpCL59LJH/Skq577yONSHPsIy6aX7whTwTzw"
    "l0hGiCP/5cjl/A5J2eEwUnAoMBzm0y/ql0Z3zbSwVll+/niwMlrZ0XcF6GBC2j86KjMCHx"
    "3lj8BwLzWHBl9DBQUv5Tuo35N+CfWe9HO1C7eSysWuK4dBRibYly4vw5Fw7hLMsjW9CU7p"
    "fCTRO6j0Iidxc/M5EbFcXKVcxvUvXy4ub/ePlRGkEPXz+EIOBUbVfPca0xZP+7y9+0WI2m"
    "mk2fJqXyKM0msrPQrEquk9BjKqr616LgPeWglrAtjBdHVH0lP9mb4w7fwIX+v27DQu1iuV"
    "m4apU7nMdJCR48FcuWoD7WPkkklYvyszM8jugMgeDmVqORx6D/IdZIqGwlRY4v1AsIwkta"
    "2HZKaFEV0nmzQ5oU4ONj8nfEk+9qVHuLYY2bV24UPY0G5uz46kuxQ+9I9fv319dnL6etWp"
    "V1eK+vJmYBBxWJXLRZI4UzFSNzALixOsumbIhHepoz93nGyovJapPFO/Y+jSnaZLV8F81V"
    "Q6AXyeVPo5x89dz6TjNhZkJn8X/NpKo3ECZkbh+kGRyo8rRPhrQJe0/qQgXzNi6BN3ne28"
    "UEyqV4oWmnJ4iV65mjAQhvIB5BJ8Tzw0HM4Jc6QhhkO1SqIHdQSYReUDiYoCzsJpf8+Xd7"
    "KqwRprO6xZcAR+CAsWYOWNbO3bt5BYok4P4RkE+1Lth4eH34fDd+gB4FDFAG+BfCg7GAs+"
    "iwoSSpaWfdtTLwDCsfLO76biTIOKM5MlajU+yZf1KVM7VdS2SX4bxjBPZFNMctlmchnruF"
    "UUnYIZbZtU/sVT+TCQqkh8rzDGT9f204Jgr5r7WCM62LOPS3mO4wLPcbzpOWypsnqL+JJI"
    "U/ShNVVlFvH9CFZepeal49oloIvu8rSMt0ybK+YsT9O+MqypterEAxtQExY8ISzwuFt3YV"
    "0CaryZzt4M2M1NAw/IYx5XEsl3wpcVGfLy10HChhvbNK3s+Pnm+uNSPL13k3bk/80cDLRl"
    "x9hs0V6paQC+RJWeC7BdLN2Ag6hDZnPuE2arFdvvojXa0oBA5kcLBgU8eIHsKbHvwm2XBF"
    "F71bpqfeJE8GCeNSnQzkPMKvGd4Ozv5C+tpOxIvhNOru2ATRD5M72MKCF/EIlBOqHi5xhH"
    "kioHb5S112IRa7PG1FJ6OgjrphMxpM0PEABrFpMNBGbemIjtIVlKslxE5keg0gHZiPM7GS"
    "q5ZNJDsn3CnJ84cxewXIbG9m4AMYib5JsQkRVz1W7HLLzZIc7ALLwxC292rybPTOw+08Tu"
    "LtVLddVF73q5VPftYqqlTLVUt7RtCnpMQY8OnbuVgp4ws61BDSWAhhnSjhnScnWhmf5uzc"
    "awSseqyFPEMY0w6Vr5y1a4Ci0mLLqpZm247Bugb4so7LhAr5i5VlRwWb6ahcwx0MosmI2I"
    "GA7R/i0f8TvsefiVh67Y/ZVzAHQz7FcM/oAyW6iTm6AGoIcYdDUkSOARJ4PIbvgBsKwQtq"
    "wC3nSEPYJkK3TCQjI8fAA8Sj3TihPlfI7h4CjqwGlSDoI2Fw9TIggiUjMtrS0MX6haHL/G"
    "GCq9oX2No85QxYHGMZ2rG2n+NCNzVNdLZazmqK7WO/dEquIBVwpzY5AOqrj5Oig4qtSaC5"
    "pF4xa5kCTOEF+13chakVbVGb0MaAf7vFm12Zm+bgdCQA1zlU4ex5jeXaJ3yyBjxqUCnUoT"
    "c0lU95iLFkoEzIq6+GRcqbm4gqk4U8j6Q1LZGq0+NmZuz8xzTOt8yjGYmZHS274L4I2rTk"
    "qlYN0LO/pnpQbGs4KR8WxzaHS5V29kjAPNB6XbB6XNpNjP4WcZznrdqjfMmBnbkOoVT49F"
    "H3uF00FlUnJPHSJQBFUneMJkkjrUM6L6esu7FnUO0qs0sBD0HrbIzF7t0dZDMpeCxKnJVW"
    "NmVYhOVEX+VJahotvfQ2X9UdQIIZqcMdRK0a2UtugxM/vC04Ytz14ZmtnQzLo4kebpTx74"
    "Np9VIkBjkA6quI09KmxC6+5mlYAadky7ZC8V+dSo4omjao0WmqXvL1bGo9I/y5Z+a0KqRp"
    "+Z6A7yWG0Eoep0Cav6IsI0zqi73NL7zPnKC85dglnempDMGcuRxHRryLi4ufmcGC0urtI7"
    "Gv3y5eJSDuBK41KI+jkORZBxIH9fvVE7ATUMrW6Dtj4MLZRrfOAOKVq6kBbqbeFnVyUgpf"
    "fcURAEkPdqEYHgD0CKutyGLXQeptQlCEPdP1yVuidCxqRoH0hTl86oH25WeJC1DU+TTT9h"
    "w8OqdTRPqqDRjHhtJYM0+x2+DLlKZLCUxUblpxdrRIeyi+bOvVZMXcbaQDhvrYjcy1oa6F"
    "DbR38hKOjdwb5boDdQRmJA39hIMr1nZGqkhgbSG0lGyygq6T6OMcp/gvLBTwkC+xGvtksu"
    "6VAykMaxbDoWUJP0vRYs0qqo3TjMqDZjvyIfC79OrWECaNIy3dIyTQtKjZVbs/KYClj7FA"
    "h7ij1iwQatFamtnBYM01XMdOnFgNyuwomtPMiGaK8MG5KKV8qVrQEpwccIK/YCjm2GsxhU"
    "9QTaT+yQEHaXjXqykM1Qe7cVFa6185gncCWmQu0lK9RelqnSqZSn+WIHXXdZ+AHmZ/WoVN"
    "OIiG2+UM2sZGy5jCecnKh3KF0casp4tE5KVtYKmE/d2rZeoY25NTe3Q8is5nedgBquQWc7"
    "m7qZghiuI2zCbVDIIKxv94pZA3VCnFQvw1QQSwTlz5NMIJFEQrquAi2ZsWPmyL9kn5Z2hT"
    "+lBGTwMmahjLzyEEzUIGnIQC2wyyqnaLr5Mls2xhIgl9wT1fUVkx46vvzdG6tF+ybOL4zz"
    "8xkDk9W+WFab+ByrdPYNYAdTsOYzXNiTueIBGjFIB1XcPEW28vBlFbwCdFC9zZMIMFQHlX"
    "YiXyOMgsspeBmYbCi5RHGA4Wh2I5kL5k7NbcWSSGNmrc1s89ncJTX3j0thDTujs6VzJi/y"
    "K0HzJi9MGei7CmWgIVlQRe9rhFF8RcVrQ5N9DUYrJRXxZRlyvWLizIshSnNmwEW88lAci3"
    "yOMIqqvXuqJEbt4wSiveX1zAVHT2ssc8enOFcSbf1vtnvSiI8x1Jg2pjDnajxvwYfJdbsf"
    "GsuxinLHIlnLKrfsu5tAGjNrbWYhVf+QQQ0WzlCvQWaOuvzeDvIdcAbJXajpFcYouryiX6"
    "TqUzOWpo0oQJtMcgBfRVEKGRfoFeeO6gsrnTSOBSFIQZCP7wh7p2odoj1/U6md2nViJqXg"
    "jEyZ/9lhAhgKwUmWWYlk8w8wyeUOZjQmudTGFCa5fMbk0nYxrVcVm0SarEO7rEOb6OEXr/"
    "jQ7tj9LbEDuNUKSzthuF4O0IdoQFwyEXiGqOMh8mgT4qCTPhpR3+uhKYHRHIb+EZ0g2QXI"
    "RALvyCJ7NWdjLWu4gFP/ykst4gJz5FlnPWeiUo7b2K1U9LlGdDACab6US6rDydo7p2BH2R"
    "Wie8RB8/odUeFPrQXBVfYnSoLM7kQZ5KJ0zdb/OKvkGhKgDnqHFvIT+Tg4MGZC7wmrVR62"
    "iTclYjoPuEuL+eTRt2osBcjDd2+saOEQHNuX30nFKZM16BnnTJb5xk7NmWiTkZ8TQe3pXm"
    "Y2Ht3rFWfieC21LRXPV3zDye+PQog/MYbJT2nNwqvnONkBPqsKGo7EO6jd46Myx+1Kqfxs"
    "52jzuF3O/Myts/NrnWMQU+y8S8XOf/8f5nU9mg=="
)
