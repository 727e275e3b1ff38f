# Written by `python -m adapters.tortoise.migrations new`: the SQL is Aerich's, for one
# dialect. Committed migrations are history; change the models and write a new one.
# ruff: noqa: E501
from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "broadcasts" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "segment" VARCHAR(100) NOT NULL,
    "text_key" VARCHAR(200) NOT NULL,
    "created_by" VARCHAR(100) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "state" VARCHAR(16) NOT NULL,
    "total" INT NOT NULL,
    "sent" INT NOT NULL,
    "blocked" INT NOT NULL,
    "failed" INT NOT NULL,
    "unconfirmed" INT NOT NULL,
    "finished_at" TIMESTAMP
) /* An operator's message to a segment, with its progress counters. */;
        CREATE TABLE IF NOT EXISTS "jobs" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "kind" VARCHAR(100) NOT NULL,
    "payload" JSON NOT NULL,
    "run_at" TIMESTAMP NOT NULL,
    "next_attempt_at" TIMESTAMP NOT NULL,
    "state" VARCHAR(16) NOT NULL,
    "attempts" INT NOT NULL,
    "max_attempts" INT NOT NULL,
    "unique_key" VARCHAR(255),
    "user_id" BIGINT,
    "last_error" TEXT,
    "lease_owner" VARCHAR(100),
    "lease_expires_at" TIMESTAMP,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "finished_at" TIMESTAMP
) /* One durable job: what to run, when, how often it was tried and who holds it. */;
CREATE INDEX IF NOT EXISTS "idx_jobs_user_id_9dc17f" ON "jobs" ("user_id");
CREATE INDEX IF NOT EXISTS "idx_jobs_state_0fe5ae" ON "jobs" ("state", "kind");
        CREATE TABLE IF NOT EXISTS "broadcast_deliveries" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "user_id" BIGINT NOT NULL,
    "state" VARCHAR(16) NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "error" TEXT,
    "broadcast_id" BIGINT NOT NULL REFERENCES "broadcasts" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_broadcast_d_broadca_86ea3c" UNIQUE ("broadcast_id", "user_id")
) /* One recipient of one broadcast; unique per (broadcast, user). */;
CREATE INDEX IF NOT EXISTS "idx_broadcast_d_broadca_a0f199" ON "broadcast_deliveries" ("broadcast_id", "state", "user_id");
-- Added by hand (Tortoise cannot declare partial indexes); see docs/jobs.md.
-- Dedupe: a key is held by at most one job that is not cancelled (cancelling frees it).
CREATE UNIQUE INDEX IF NOT EXISTS "jobs_live_unique_key" ON "jobs" ("unique_key") WHERE "state" <> 'cancelled';
CREATE INDEX IF NOT EXISTS "jobs_due" ON "jobs" ("next_attempt_at", "id") WHERE "state" = 'scheduled';
CREATE INDEX IF NOT EXISTS "jobs_leases" ON "jobs" ("lease_expires_at") WHERE "state" = 'running';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "jobs";
        DROP TABLE IF EXISTS "broadcast_deliveries";
        DROP TABLE IF EXISTS "broadcasts";"""


MODELS_STATE = (
    "eJztXVtz2ziy/isov8Sp0qYc5eaTPNmZzIx3k3jK8Zzd2uwUBZGwxDUFaEDSjs5u/vtBg5"
    "R4A2mCJm2IwUsqJtEg9QEEur++4D8HYUDIOsDzZydh6IcRptFHtrggLuPewVv0nwOKV0T8"
    "p7HdBB3g9TrfCi5FeB5IUbyVcAK2kI3nYcSxG4mbVzgIibjkkdDl/jryGQWRc0rQnzEJ4W"
    "+EqYdulzhCc+KKt0HsCvkROuTEE30QD0XkWxROECU3hCN43xAxjq7JJnz6DB7nMVc8z6eL"
    "Xnv+F/0Xnc1C8udsJi56hIeIUPEY0QaHKFqSDbolnCDxmxfEe4dmM7i9cXxPCPiyBRLokS"
    "ch8j35njH1xZs5EVsQcZOLt/36h7jsU498IyH8+fUgDgkXXUBzl1HxWiGWmP0BLdfXzpVP"
    "gtLAkT+htbzhRJu1vHjqL85o9LNsDAjNHZcF8YrmBNabaMnoTsKnEVxdEEo4FtiIaxGPYe"
    "hoHATpUG9HM/klWZPkJ+RkPHKF4wAmAEgnb5BdO3Ccz+eXzpcPl45zUJkcW4ncqKaXBCIw"
    "scSrhhKCBbzCX/5nOn3x4s306MXr41cv37x5dXx0LNrK963eevM9eZkMrqQrCdrZL2efL+"
    "GFmJi9ydyGC9+lDI5wIiVHKsN/O+rVQXi/xFw9BHmZ0jiIH1gehy3q5g7ECn9zAkIX0VL8"
    "+fplA8b/e3Lx/teTi8PXL58Wgf6c3pnKWwB5BnHuo2g/zXNCd0/1NhBvL2QYZ4vbyGZ7Bn"
    "1hEargXwt+WWxMIzB9/vLNy+MXr1/ugN9dacK7ii2Oqoj+JOCI/BVRw5pIlMD0UpFn2//s"
    "IbQNuF2effrw5fLk02/Q/SoM/wwkTieXH+DOVF7dlK4evi6tLrtO0N/PLn9F8Cf65/nnDx"
    "JOFkYLLp+Ytbv85wG8E44j5lB262Avj8n28vZSYVhZHLksGYW2+0FOpJ/t4LG/lMKG8Px1"
    "iw3heXnIsg0BbhW/nK2CV8X4Umh0aozzMqMAuemb+fCPy8LnsgXz8NPJP54WPpmP559/2T"
    "bPgf/+4/lpebmioVB4dSDPJCzgHQBfc3bjeyrI61eSvMwoQC8uJS+mLZaSF9PapQRuFUFe"
    "MY8EOgjvBEYIb/+qu0/XcSRM3mtCQw39sSxm9UeF/ii0hk7gVuQsukrLJ1To5w0WT6hSzi"
    "2WcCUQP526G2elM02LQhZXBa6Ec6alHuwE7OZVs3kBz3p1nWP64MIcu9e3mHtO5Q6bsrq2"
    "1Vur6ap8BVO8kMDBL4T3r/Lwv3FyRbj4FEjYirevtp+05e/XmWg7Hv8EAc32JESJqo+SwZ"
    "C8uxtz0VOE8lSQ+JWrOeFV1v4e/dzNqtdS52bwipZDTw3F7aessZ5VBEe4rvVPn1hSt98t"
    "2Zg945Qz7Lk4jJo2inKjO3aH+bZ52y2BIraGGcBgPV+RMBRviyKGMArJYiWW8gm69cXi7k"
    "chWnMG1GsoVveYRmJyKbaG+/d3jy1Cd3douzFY32qbfSEdYJ0dIScyxr3g6KjNZnB0VL8b"
    "wL3idgBREM412ejAnJcZIc7TVjhPG3CeVnF2OQE8nLkW0kWpEWI9yJzeoqbvYy1KWl+r0b"
    "5WYbZGWp7WncAYP6TeDYWIRVjhHKnVfnbtH840ODLYLijMVKUe0xCkp9RhLJAH84C510Sh"
    "ltdimZOwcJbhvMJ+oIVmJmDBLIMZU/GAK5+vtBAtSVlYK3PUp3647KTNlUR7UOdSK9wUFW"
    "DftTkN7iybEB4J/BsCsfgKdiaV/flvFySo4yp3ZNhPSU+bjAvbMxXw+3bGb6+mU/T7sEzj"
    "+xwX3EQ2KtpNmvnGPMvcknK8XBK0FjJ+CEkdno8DtohltgejRHqWEoYQ/pqz6B1KBg9k0C"
    "HcnsBlRTJJnx0rSMhCuodomGR5WFrSdFrSDL9hdeEZ60jklH+mRQanzUdo6/cfqXcViF1Z"
    "A9tt+xGC+3x63IZJmR7XUylwr2QbrL2OjGRR0jKSxumw+WGGTaM6wH/9cv5ZPbjb9uVh9d"
    "0I/RcFfriPTvWGAQUkCmNZiZQvB8WXBgk6KEfKp15hhTVQD3xexoKvCb4xEQ8l+01pg1Rt"
    "vFbxDk7RymyX1M6J6699iFdLjYRdd0XjYHd5Is2ImkT2e/WmNDh2LWWLVCUtmx2lZjufSa"
    "G9tUusXWLi8vc4hol1RA7qiLTK8w+hPNfkM9RnmN4vn2GPqPwh8kszTUd3zyhL2o1Da+Oo"
    "aM+KMakOyM+ME39B/0Y2clDOKORsuMo9pCHUd88Gpc69IS5zfLvTQCszUqAh1HcSJbvwyZ"
    "f3Jz99OPj+WFbKBxr5UUAgMLXJUKk2u8NWIZlA64SdBccUvBk52XfStghZzF2S3A8Rhlhq"
    "LxaGsAy1lr4OJqYbOkwNDzFu64AoDJdhHnGX+yTtStor8inWmWLOgrePRstYR6JQX2L7yb"
    "S1WnIiI7Rb+neqpEuRBsKZxAgBHsSxku42HWzDoqS1Dc22Db+tfdFdh2EuStoQMNNG2Rhn"
    "whmds29NCnq+wR2quQ9N2+rkYlt1SRhCjFHqq3gn68euub/CfAMVadEKX0PpWRSKx1MP+V"
    "SoQNIvAA1DqG4LrSA6V6WSD/CEe2RVaiab9ZpnZlCl1OmrV22yzF69qs8yg3vN+jUnLhED"
    "3mV/LImOcIMUPxF75zTYpPNgT5bSdMqau5L+lc2b1tHs9h2r6L/ZXMP56sUcBJGQepvU/Y"
    "4Y4jGdiD+I+HfJbsVyFhEKVcBvoYo398WKmFQJZ+K2+HHiltoX22fnOpXAxY2vmbfoWrSx"
    "/ldDqQw5ODr7Wtp+jJbeEEm9a7wJGFZAXB/lkxOxQT73iLASC10XBWInNULdYU90hVbGNY"
    "VyDjiKyGoddRhnhbgdcKMH3MarDBqvkn4LOuUu8yI2BbTsq4Dx6gBqWWxMgQo9Zi1La0ST"
    "lClKjSH+ZjBy5pGdnabB/CjOzgBiQ7Tjy4pSY5jkDx1kFhAcEofdUr1zDEpiY0D+AQzkBL"
    "XunjKVvPWXmazH2zpnP8Qw2/j3H2KYbaGb8Y6zMb65j8RbEH7iyhLJTV46VcNJs78ukCIO"
    "TmQ0XHepRJLOKNW+CWQ4Rk/fybrOV/4iFvgjd4npgqD5Bo4D8HzoAQcoWeMUtaN76zk5DD"
    "iNF8vO941puIbsTNHBLlAifd6TcBvmfAjxFnCucIDXIfGeTtA1WUcoZKI5jhAWXW/fEYrJ"
    "sDjaSlJCPPEvQwFj10i0nc1SgJMGs1l9aPROdYbfamOhTTJK6x2I2mbS/Qwk07byB6jBLL"
    "8GDYC37UeIb/9n6eEgEPsgJQsciSVPsZAwJixMWsN/V4RLmM+F9B6C3rRInJ9/LKgsp2dl"
    "RuX3T6cfLg6fy0EQjfyoht4CDUVVdLJp7c5kxkSLPzCvuEyRbQ/7VsKC3hn0VBHTwz0nZK"
    "HvDD0TCm8nA7UgaHkIa58226e/wNd6t3WabzZpZZsmplM7y/RSYeNBHqvsAx1iFJBFUgFU"
    "WGZg3QFpPpsJ03I2C2/FOwgTLTmKKBTyUcypwkgd6iFKszB114ourU1o0gLbEFT6iLkSj7"
    "3DDe+Qhw+hgm79kbRJ6zGpD71FkaQclnZ0Q1HOZnN3VcySxGGn6zAoxcc00R9aT7ZU3sBU"
    "ns2tt3TpXtOlO2Ve15QuCD6MKf2Q++e+W9KFvBmyEr8Lfq3WblwQs7twd6VI2scaGn4mMC"
    "bUx3G6dcL4/MoC725eKNdq0ooWkvm57VihE5nMC+EDKCD4hoRoNlsT6omBmM1kBbMJxBFg"
    "moYPFCIKGE3c/jKfRlWpobe+k5gFj+PbJGAB0vpEb1+/JsSS700QXoGyL2B/9uzZH7PZNq"
    "95SeRboAjCDq44W6UBCa1zl3fJQrlQ0vqkZVsN4uGqQVgr0aj9Sbxs5FN51lXnManvww7M"
    "PdkUa1wOaVzmJq4O0CUxi7Y15R/dlE8UKU3ieydj1+nO6zQnONRbPjKJEc7sQbLKbI5RLf"
    "pjoqpsgc0fYZRt4Y9BC38kMbVOF32gImrVgnuoBSELuha9LIja1czk1QzYzeoA19dz2LYf"
    "xVr2EKUcDCP/z9cwQHecOa9uOmnlBmBbqda+ADfAYhnwkO+R1ZpFhLqymvLbtH6yGEAg89"
    "OEQQ4P3iB3Sdzr5EgUTuRp94HMT1xwFq9VToFhHmIrOO8FZ2/Lig6osHEifqbquK36TSQn"
    "MgqIH7okULIaqU5rbmJtMpleigGNcxGxpM0PoAAbppNdckzDK8LvVslKLdtpZFEq1Fohmz"
    "N2LVSlgCwmSPRPqPcXRoMNpMv4udoN0Az0JvEmhKt0rs792MSbPeIMbOKNTbzZv5g869h9"
    "IMfuPsVLjXWJ3vdwqfGPi42WstFS40LbBvTYgB4TJvcgAT2JZduBGioIWmbIOGbIyOxC6/"
    "4ebIwhS0f33I68zPjK6g/CVRjhsBgnzMZw2edA3zZR2PkGk2bmWlLBbflqmjDHQCvTeDUn"
    "fDZDhxdszq5xGOInITqjN2feU6CboV4xrAc+dTlZQb0o8R1PEIWphjiJQ+IpiOyeHwBphV"
    "CyCnjTOQ4JEr34C5qQ4ckD4FHymU6eKGdrLGYy8j0E/SDoc3O7JJwgIpAZKLcweSE9PT6T"
    "sVR6T3WN08mgs4DmZUYXN/L6ZYvl8/XL2tUTbhlwspQlv8SVNWde7GpR8DmREdqs/U/uhY"
    "DiFmupuTmREULcfxwUnIPsrLmvonGblpCinCW+Oi8jGZCOrkdPITrCOW+zNkcz192Yc4hh"
    "1pnkeRk7u1vMbqFkrJgA0NNyzBWlxsdcDBAiYDPq8s64Vr64BlecDWT9Ialsg7KP7TAPN8"
    "xr7Hf5lHNi1iNl9vhugDfWdUqVxMandkyPW22Mxw0743F1awxY2G1nzAvaD8q0D8oYp9hv"
    "yWeZeL0u5BsqPGOVVpNm91j6sWucDiqMkhvfIxylovIET3AmyUM9U6pvsr3r+N7TcpYG5t"
    "y/gRKZ6myPoR6iTAXJU5O7zmxWiElURb0ry1LRw9dQyT6KDipEnx5Do4AeJLTFDM/sI7sN"
    "B/ZeWZrZ0symLCL9058sjly20iJAcyIjhHiIGhUu8btWsyqIWnbMOGOvpPl0iOLJS3XaLQ"
    "wz3x8tjEeaf44r1q0F0dU+ldIj5LGGUELl6RKOfhJhWc7C3S71XumvPGUsIJjW5YQoPZZz"
    "ITOuLeP0/PxjYbc4PStXNPr90+kHsYFLxEUjP6pZUDi5isXv67ZrF0QtQ2vapm0OQwvhGu"
    "+ZR5pSF8qNJnfws7sQkNY1d6QIApF3MomAs1sgRQPmQgmd26UfEIQh7h+uCuwJFzopOgTS"
    "NPBXfpQUK3yqKsPTZ9f3KHioG0dzrwgaw4jXQSxIW+/wcchVIpQlFRtVb15kEiOyLvo791"
    "oydYrcQDhvrYncU6UGer4bof8iCOjdw7nbgBuAUdjQK4UkyzUjSzs1dFAuJJmmUWhhn5ex"
    "4N8DfFinOIF6xLtyyS0XFIWkXViqCwvAJNZeB5K0NNHNi1loFfWKIsyjLrGGBUFrlplmlh"
    "kaUGpHebBRvvI55D7F3F3ikDhQoFWT2qrpwTJdzUyXWQzIxU6duJMHqTSdtGFDSvpKu7A1"
    "ICXYFcKSvYBjm+EsBhk9gQ4LFRKS6VKJJ0vYDFm7rSlwbZjH3IMrsRFqjxmh9rhMlUmhPP"
    "0HO5haZeEH8M+aEalmEBHbf6CazWQcOIwncU50O5QuL2rDeIw2SnajFdPIDzqP9U7aDrfh"
    "w+0Rsur4XRdELddg8jjbuJkGHW4kbMJF3MggZLcnzayBPCFOwEuxz4nD4/bnSRYkkZAEc1"
    "0qWsJix9QTf4k5LcYV/hQtwIIXOotPyZMQgaMGiYGMZYKdKpyi7+7blGzMGUABuSFy6ksm"
    "PVn46qs36mn7Vs9v1PPrGQNr1T6aVVv4HHUme0VwhCZY/xYu1GTWPEAjJzJCiPunyHYrfF"
    "uAdwIjhLd/EgG26lirEnkmYQFuB/BWMamA3CI4wHI0+2HMxWuvY1mxoqQdZqOH2WWrdUA6"
    "1o8ryVp2xuSRrnFe1EeC1jkvbBjoW40w0IQs0ME9k7DAawJvDE32JZ7vQGriyxTtJs3EWZ"
    "iTaM2ZARfxJER5WRQxhFEa7T2RITGyjhM0nWyvKxOO7teZsuJTnitJS//bck8G8TGWGjNm"
    "KOy5Gg8b8GFt3fGrxmKv8pnnEFVa5R11dwuSdpiNHmYuoL9VUIONHupMyPqo29d2EO+AFS"
    "R3I9I7GQt0e6AfJerTMJZmCC3AGEvyEr6KJhMy32DSbDvKL6y10XjFCUFSBEX4mtC3MtYh"
    "rflbMu1k1YmVaAVnZAr7z00MwKQRnGSpMiT7f4A1LvfQorHGpTFDYY3LBzQu3QD73aJii5"
    "LW6jDO6jBGe/g9bD60O3f/Dt0BllWN1E7Yrrcb9DN0SQKy4HiFfC9E5JtLiIdeTNHcj8IJ"
    "WhLYzWHrn/sLJKYAWQjBa7JRZ3P21rOBCZzmR14aoRfYI89Gu3IWIuWYiwOtoM9MYoQaSP"
    "+hXAIOT1U7p6Gi7E5ifMRB//jOfR4tnQ3BOvWJikK2OpGCXBRLs/N/jGotDQWhEa4OA9gn"
    "4nFwYMzCvyG0U3hYVd6GiJm84W5HLCLfIqdDKkCd/Pj2igEOwXEj8Z1oukwyoQf0mWztjb"
    "3ymRhjkZ8Q7rvLA6U1nt6bNFviOGt1lyleD3zPxu+PQojfU4epN2lt4tVDnOwAn5UGwmnz"
    "EaL7/KjNcbuiVb21c1Q9bpfRSFk6uz7WOSdig533Kdj5+/8DHTcTmg=="
)
