"""Ledger throughput: many concurrent payers paying one merchant, ours against the raw driver.

For each database (SQLite always; PostgreSQL when reachable) the run builds a fresh database
with the committed migrations, funds ``--payers`` payers with enough for all but 10 % of
their ``--transfers`` payments, and then times, in the same run:

- ``ledger``: ``TortoiseLedger.transfer`` from every payer concurrently (one task each);
- ``raw``: the same writes straight through the driver (``sqlite3`` in one loop; ``asyncpg``
  with the same pool size and one task per payer): in one transaction, insert the transfer
  row under its unique key, debit the payer by an update conditional on its balance (zero
  rows: refused, roll back) and credit the merchant.

It prints transfers per second (booked and refused attempts both count), the ratio
ledger / raw, and the overdraft count (accounts below zero, or money not conserved): it must
be 0, and the number booked must equal what the funding allows.

Run: ``python benchmarks/ledger.py [--payers 20] [--transfers 50] [--rounds 3]
[--postgres DSN] [--no-postgres] [--pool-size 10]``. Each round measures every
implementation once (interleaved, so a busy moment of the machine hits all of them); the
best and the median round are printed. PostgreSQL defaults to ``SLEEPLAB_TEST_POSTGRES_DSN``
(else the local server); the user needs CREATEDB (a scratch database is made and dropped).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import statistics
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg  # type: ignore[import-untyped]

from adapters.tortoise import Database, open_database
from adapters.tortoise.errors import redact_password
from adapters.tortoise.ledger import TortoiseLedger
from sleeplab_core.kernel.clock import SystemClock
from sleeplab_core.kernel.money import Money
from sleeplab_core.ledger import InsufficientFunds, Leg

UNIT = "credits"
ISSUER = "system:issuer"
MERCHANT = "merchant"
AMOUNT = 3
DEFAULT_POSTGRES_DSN = "postgres://postgres@127.0.0.1:5432/test"


@dataclass(frozen=True)
class Plan:
    payers: int
    transfers: int  # attempts per payer

    @property
    def funding(self) -> int:
        """Each payer's money: enough for 90 % of its attempts, so the rest are refused."""
        return AMOUNT * (self.transfers - self.transfers // 10)

    @property
    def attempts(self) -> int:
        return self.payers * self.transfers

    @property
    def expected_booked(self) -> int:
        return self.payers * (self.funding // AMOUNT)


@dataclass(frozen=True)
class Result:
    database: str
    implementation: str
    booked: int
    refused: int
    seconds: float
    overdrafts: int

    @property
    def rate(self) -> float:
        return (self.booked + self.refused) / self.seconds


def payer(n: int) -> str:
    return f"payer-{n}"


# --- ours --------------------------------------------------------------------------------


async def run_ledger(database: Database, plan: Plan, name: str) -> Result:
    ledger = TortoiseLedger(database, SystemClock())
    await ledger.open_account(ISSUER, UNIT, allow_negative=True)
    await ledger.open_account(MERCHANT, UNIT)
    for n in range(plan.payers):
        await ledger.open_account(payer(n), UNIT)
        await ledger.transfer(f"fund-{n}", Leg(ISSUER, payer(n), Money(plan.funding, UNIT)))

    async def pay(n: int) -> tuple[int, int]:
        booked = refused = 0
        for i in range(plan.transfers):
            leg = Leg(payer(n), MERCHANT, Money(AMOUNT, UNIT), "bench")
            try:
                await ledger.transfer(f"pay-{n}-{i}", leg)
                booked += 1
            except InsufficientFunds:
                refused += 1
        return booked, refused

    started = time.perf_counter()
    counts = await asyncio.gather(*(pay(n) for n in range(plan.payers)))
    seconds = time.perf_counter() - started
    balances = [(await ledger.balance(payer(n), UNIT)).available for n in range(plan.payers)]
    merchant = (await ledger.balance(MERCHANT, UNIT)).available
    issuer = (await ledger.balance(ISSUER, UNIT)).available
    booked = sum(c[0] for c in counts)
    overdrafts = _overdrafts(balances, merchant, issuer, booked, plan)
    return Result(name, "ledger", booked, sum(c[1] for c in counts), seconds, overdrafts)


def _overdrafts(
    payer_balances: list[int], merchant: int, issuer: int, booked: int, plan: Plan
) -> int:
    """Accounts below zero, plus one for money not conserved or a wrong number booked."""
    below_zero = sum(1 for b in [*payer_balances, merchant] if b < 0)
    conserved = sum(payer_balances) + merchant + issuer == 0
    right_count = booked == plan.expected_booked and merchant == booked * AMOUNT
    return below_zero + (0 if conserved and right_count else 1)


# --- raw drivers -------------------------------------------------------------------------

INSERT_TRANSFER = (
    'INSERT INTO ledger_transfers ("key", leg, unit, source_account_id, destination_account_id, '
    "source, destination, amount, reason, booked_at) VALUES (?, 0, ?, ?, ?, ?, ?, ?, 'bench', ?)"
)
DEBIT = "UPDATE ledger_accounts SET posted = posted - ? WHERE id = ? AND posted - held >= ?"
CREDIT = "UPDATE ledger_accounts SET posted = posted + ? WHERE id = ?"
OPEN = (
    "INSERT INTO ledger_accounts (owner, unit, allow_negative, posted, held, granted, opened_at) "
    "VALUES (?, ?, ?, ?, 0, 0, ?)"
)


class Refused(Exception):
    """The payer's conditional debit changed no row."""


def numbered(sql: str) -> str:
    parts = sql.split("?")
    return "".join(f"{part}${i}" for i, part in enumerate(parts[:-1], 1)) + parts[-1]


def run_raw_sqlite(path: str, plan: Plan) -> Result:
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
        connection.execute(f"PRAGMA {pragma}")
    now = datetime.now(UTC).isoformat()
    ids = _open_accounts_sqlite(connection, plan, now)
    booked = refused = 0
    started = time.perf_counter()
    for i in range(plan.transfers):  # the payers take turns, as concurrent tasks would
        for n in range(plan.payers):
            connection.execute("BEGIN IMMEDIATE")
            connection.execute(
                INSERT_TRANSFER,
                (
                    f"pay-{n}-{i}",
                    UNIT,
                    ids[payer(n)],
                    ids[MERCHANT],
                    payer(n),
                    MERCHANT,
                    AMOUNT,
                    now,
                ),
            )
            if connection.execute(DEBIT, (AMOUNT, ids[payer(n)], AMOUNT)).rowcount == 0:
                connection.execute("ROLLBACK")
                refused += 1
                continue
            connection.execute(CREDIT, (AMOUNT, ids[MERCHANT]))
            connection.execute("COMMIT")
            booked += 1
    seconds = time.perf_counter() - started
    posted = dict(connection.execute("SELECT owner, posted FROM ledger_accounts").fetchall())
    connection.close()
    overdrafts = _overdrafts(
        [posted[payer(n)] for n in range(plan.payers)], posted[MERCHANT], posted[ISSUER],
        booked, plan,
    )  # fmt: skip
    return Result("sqlite", "raw sqlite3", booked, refused, seconds, overdrafts)


def _open_accounts_sqlite(connection: sqlite3.Connection, plan: Plan, now: str) -> dict[str, int]:
    total = plan.funding * plan.payers
    rows = [(ISSUER, UNIT, True, -total, now), (MERCHANT, UNIT, False, 0, now)]
    rows += [(payer(n), UNIT, False, plan.funding, now) for n in range(plan.payers)]
    connection.executemany(OPEN, rows)
    return dict(connection.execute("SELECT owner, id FROM ledger_accounts").fetchall())


async def run_raw_asyncpg(dsn: str, plan: Plan, pool_size: int) -> Result:
    pool = await asyncpg.create_pool(dsn, min_size=pool_size, max_size=pool_size)
    now = datetime.now(UTC)
    total = plan.funding * plan.payers
    rows = [(ISSUER, UNIT, True, -total, now), (MERCHANT, UNIT, False, 0, now)]
    rows += [(payer(n), UNIT, False, plan.funding, now) for n in range(plan.payers)]
    await pool.executemany(numbered(OPEN), rows)
    ids = dict(await pool.fetch("SELECT owner, id FROM ledger_accounts"))

    async def pay(n: int) -> tuple[int, int]:
        booked = refused = 0
        for i in range(plan.transfers):
            try:
                async with pool.acquire() as connection, connection.transaction():
                    await connection.execute(
                        numbered(INSERT_TRANSFER),
                        f"pay-{n}-{i}", UNIT, ids[payer(n)], ids[MERCHANT], payer(n), MERCHANT,
                        AMOUNT, now,
                    )  # fmt: skip
                    debit = await connection.execute(numbered(DEBIT), AMOUNT, ids[payer(n)], AMOUNT)
                    if debit == "UPDATE 0":
                        raise Refused  # leaving the block by an exception rolls back
                    await connection.execute(numbered(CREDIT), AMOUNT, ids[MERCHANT])
                booked += 1
            except Refused:
                refused += 1
        return booked, refused

    started = time.perf_counter()
    counts = await asyncio.gather(*(pay(n) for n in range(plan.payers)))
    seconds = time.perf_counter() - started
    posted = dict(await pool.fetch("SELECT owner, posted FROM ledger_accounts"))
    await pool.close()
    booked = sum(c[0] for c in counts)
    overdrafts = _overdrafts(
        [posted[payer(n)] for n in range(plan.payers)], posted[MERCHANT], posted[ISSUER],
        booked, plan,
    )  # fmt: skip
    return Result("postgres", "raw asyncpg", booked, sum(c[1] for c in counts), seconds, overdrafts)


# --- databases ---------------------------------------------------------------------------


async def bench_sqlite(plan: Plan, workdir: Path) -> list[Result]:
    database = await open_database(f"sqlite:///{workdir / 'ledger.sqlite3'}")
    try:
        ours = await run_ledger(database, plan, "sqlite")
    finally:
        await database.close()
    raw_database = await open_database(f"sqlite:///{workdir / 'raw.sqlite3'}")
    await raw_database.close()  # only to build the schema from the migrations
    return [ours, run_raw_sqlite(str(workdir / "raw.sqlite3"), plan)]


async def bench_postgres(plan: Plan, server_dsn: str, pool_size: int) -> list[Result]:
    results: list[Result] = []
    for implementation in ("ledger", "raw"):
        async with scratch_database(server_dsn) as dsn:
            database = await open_database(f"{dsn}?minsize={pool_size}&maxsize={pool_size}")
            if implementation == "ledger":
                try:
                    results.append(await run_ledger(database, plan, "postgres"))
                finally:
                    await database.close()
            else:
                await database.close()  # only to build the schema from the migrations
                results.append(await run_raw_asyncpg(_asyncpg_dsn(dsn), plan, pool_size))
    return results


class scratch_database:  # noqa: N801 (used like a function: ``async with scratch_database(dsn)``)
    """A new PostgreSQL database for one measurement, dropped afterwards."""

    def __init__(self, server_dsn: str) -> None:
        self._server = _asyncpg_dsn(server_dsn)
        self._name = f"sleeplab_bench_{uuid.uuid4().hex[:12]}"

    async def __aenter__(self) -> str:
        await _admin(self._server, f'CREATE DATABASE "{self._name}"')
        return urlsplit(self._server)._replace(path=f"/{self._name}").geturl()

    async def __aexit__(self, *_: object) -> None:
        await _admin(self._server, f'DROP DATABASE IF EXISTS "{self._name}" WITH (FORCE)')


async def _admin(dsn: str, statement: str) -> None:
    connection = await asyncpg.connect(dsn, timeout=5)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def reachable(dsn: str) -> str | None:
    """None when PostgreSQL answers at ``dsn``, else why not."""
    try:
        connection = await asyncpg.connect(_asyncpg_dsn(dsn), timeout=5)
    except (OSError, TimeoutError, asyncpg.PostgresError) as error:
        return f"{type(error).__name__}: {error}"
    await connection.close()
    return None


def _asyncpg_dsn(dsn: str) -> str:
    return urlsplit(dsn)._replace(scheme="postgresql").geturl()


# --- report ------------------------------------------------------------------------------


def report(results: list[Result]) -> None:
    """Per database and implementation: the best and the median round, and their ratios."""
    print(f"{'database':<9} {'implementation':<14} {'booked':>7} {'refused':>7} "
          f"{'best/s':>8} {'median/s':>9} {'overdrafts':>10}")  # fmt: skip
    rates: dict[tuple[str, str], list[float]] = {}
    for r in results:
        rates.setdefault((r.database, r.implementation), []).append(r.rate)
    for (database, implementation), measured in rates.items():
        rounds = [
            r for r in results if (r.database, r.implementation) == (database, implementation)
        ]
        overdrafts = sum(r.overdrafts for r in rounds)
        best, median = max(measured), statistics.median(measured)
        print(f"{database:<9} {implementation:<14} {rounds[0].booked:>7} {rounds[0].refused:>7} "
              f"{best:>8.0f} {median:>9.0f} {overdrafts:>10}")  # fmt: skip
    for database in dict.fromkeys(r.database for r in results):
        ours, raw = (v for (d, _), v in rates.items() if d == database)
        best = max(ours) / max(raw)
        median = statistics.median(ours) / statistics.median(raw)
        print(f"{database}: ledger / raw = {best:.2f} (best rounds), {median:.2f} (medians)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--payers", type=int, default=20, help="concurrent payers (tasks)")
    parser.add_argument("--transfers", type=int, default=50, help="payment attempts per payer")
    parser.add_argument("--rounds", type=int, default=3, help="measurements of each (best kept)")
    parser.add_argument("--postgres", metavar="DSN", help="PostgreSQL server (needs CREATEDB)")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--pool-size", type=int, default=10, help="PostgreSQL connections")
    args = parser.parse_args(argv)
    plan = Plan(args.payers, args.transfers)
    print(f"{plan.payers} payers x {plan.transfers} attempts of {AMOUNT} {UNIT} to one "
          f"merchant ({plan.expected_booked} can be paid), {args.rounds} rounds")  # fmt: skip
    results = asyncio.run(_run(plan, args))
    report(results)
    return 1 if any(r.overdrafts for r in results) else 0


async def _run(plan: Plan, args: argparse.Namespace) -> list[Result]:
    dsn: str | None = None
    if not args.no_postgres:
        dsn = args.postgres or os.environ.get("SLEEPLAB_TEST_POSTGRES_DSN", DEFAULT_POSTGRES_DSN)
        why_not = await reachable(dsn)
        if why_not is not None:
            print(f"PostgreSQL skipped: not reachable at {redact_password(dsn)} ({why_not})")
            dsn = None
    results: list[Result] = []
    for _ in range(args.rounds):
        with tempfile.TemporaryDirectory(prefix="ledger-bench-") as workdir:
            results += await bench_sqlite(plan, Path(workdir))
        if dsn is not None:
            results += await bench_postgres(plan, dsn, args.pool_size)
    return results


if __name__ == "__main__":
    raise SystemExit(main())
