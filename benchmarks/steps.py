"""Steps: walk awards per second against the raw ledger transfer, and the family split.

For each database (SQLite always; PostgreSQL when reachable) the run makes a fresh database
with the committed migrations (the ``rewards`` module's included), registers ``--players``
players and times, in the same run and interleaved by round:

- ``walk award``: ``log_walk`` per walk (verify → weather (a fixed fake) → store the walk
  under its key in a unit of work → one ledger transfer), one task per player;
- ``raw transfer``: ``TortoiseLedger.transfer`` of the same amounts, one task per player —
  the floor a walk award cannot beat, since it contains one.

Then the family split of ``--members`` members: the pure largest-remainder split, and the
whole ``split_family_pool`` use case (read the period's walks, one linked ledger transfer)
on the in-memory store and ledger.

Every award is checked afterwards: each player's balance must equal the sum of their walks'
points (nothing doubled, nothing lost), or the run fails.

Run: ``python benchmarks/steps.py [--players 20] [--walks 10] [--rounds 3] [--members 10000]
[--postgres DSN] [--no-postgres]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg  # type: ignore[import-untyped]
import attrs

from adapters.tortoise import Database, TortoiseUnitOfWorkFactory, open_database
from adapters.tortoise.ledger import TortoiseLedger
from adapters.tortoise.rewards import MODULE
from sleeplab_core.kernel.clock import SystemClock
from sleeplab_core.kernel.money import Money
from sleeplab_core.ledger import InMemoryLedger, Leg
from sleeplab_core.rewards import MEMORY_MODULE, default_rules
from sleeplab_core.rewards.accounts import ISSUER, open_accounts, player
from sleeplab_core.rewards.family import split_pool
from sleeplab_core.rewards.model import MeasuredBy, Walk, WalkStatus, WeatherReading
from sleeplab_core.rewards.use_cases.log_walk import WalkDraft, log_walk
from sleeplab_core.rewards.use_cases.register_player import Registration, register_player
from sleeplab_core.rewards.use_cases.split_family_pool import split_family_pool
from sleeplab_core.rewards.verification import VerifiedWalk
from sleeplab_core.rewards.weather import FixedWeather
from sleeplab_core.storage import InMemoryStore

DEFAULT_POSTGRES_DSN = "postgres://postgres@127.0.0.1:5432/test"
RULES = attrs.evolve(default_rules(), daily_cap=10**9)
DAY = date(2026, 1, 10)
STEPS = 5000  # 5 points a walk at ×1.0 (the fixed weather: 10 °C)


async def award_walks(database: Database, players: int, walks: int, tag: str) -> float:
    clock = SystemClock()
    uow, ledger = TortoiseUnitOfWorkFactory(database), TortoiseLedger(database, clock)
    weather = FixedWeather(100)

    async def one_player(user: int) -> None:
        for n in range(walks):
            draft = WalkDraft(
                user,
                f"{tag}:{n}",
                MeasuredBy.FORM,
                DAY,
                clock.now(),
                VerifiedWalk(STEPS, 3750, 50),
                latitude=55.75,
                longitude=37.62,
            )
            await log_walk(uow, ledger, clock, weather, RULES, draft)

    started = time.perf_counter()
    await asyncio.gather(*(one_player(user) for user in range(1, players + 1)))
    return players * walks / (time.perf_counter() - started)


async def raw_transfers(database: Database, players: int, walks: int, tag: str) -> float:
    ledger = TortoiseLedger(database, SystemClock())

    async def one_player(user: int) -> None:
        for n in range(walks):
            leg = Leg(ISSUER, player(user), Money(5, RULES.unit))
            await ledger.transfer(f"raw:{tag}:{user}:{n}", leg)

    started = time.perf_counter()
    await asyncio.gather(*(one_player(user) for user in range(1, players + 1)))
    return players * walks / (time.perf_counter() - started)


async def prepare(database: Database, players: int) -> None:
    clock = SystemClock()
    uow, ledger = TortoiseUnitOfWorkFactory(database), TortoiseLedger(database, clock)
    for user in range(1, players + 1):
        await register_player(uow, clock, Registration(user, f"P{user}", "+79990000000"))
    await open_accounts(ledger, RULES.unit, *range(1, players + 1))


async def check_counted_once(database: Database, players: int) -> None:
    uow, ledger = TortoiseUnitOfWorkFactory(database), TortoiseLedger(database, SystemClock())
    for user in range(1, players + 1):
        async with uow() as unit:
            walks = await unit.rewards.walks.for_user(user)  # type: ignore[attr-defined]
        history = await ledger.history(player(user), RULES.unit)
        walk_points = sum(walk.points for walk in walks)
        booked = sum(t.amount.amount for t in history if t.reason == "walk")
        if walk_points != booked:
            raise SystemExit(f"player {user}: walks earned {walk_points}, ledger booked {booked}")


async def measure(name: str, url: str, args: argparse.Namespace) -> list[tuple[str, str, float]]:
    database = await open_database(url, modules=[MODULE])
    results: list[tuple[str, str, float]] = []
    try:
        await prepare(database, args.players)
        for n in range(args.rounds):
            results.append(
                (name, "walk award", await award_walks(database, args.players, args.walks, f"r{n}"))
            )
            results.append(
                (
                    name,
                    "raw transfer",
                    await raw_transfers(database, args.players, args.walks, f"r{n}"),
                )
            )
        await check_counted_once(database, args.players)
    finally:
        await database.close()
    return results


async def family_split(members: int) -> tuple[float, float]:
    steps = {user: 1000 + (user * 7919) % 20000 for user in range(1, members + 1)}
    started = time.perf_counter()
    shares = split_pool(members * 37 + 11, steps)
    pure_ms = (time.perf_counter() - started) * 1000
    assert sum(shares.values()) == members * 37 + 11
    store, clock = InMemoryStore(modules=[MEMORY_MODULE]), SystemClock()
    ledger = InMemoryLedger(clock)
    async with store() as unit:
        family = await unit.rewards.families.add("F", 1, "bench", clock.now())
        for user, walked in steps.items():
            await unit.rewards.profiles.save(_profile(user, family.id, clock))
            await unit.rewards.walks.add(_walk(user, walked, family.id, clock))
        await unit.commit()
    started = time.perf_counter()
    split = await split_family_pool(store, ledger, clock, RULES, family.id, DAY, DAY)  # type: ignore[arg-type]
    whole_ms = (time.perf_counter() - started) * 1000
    assert sum(split.shares.values()) == split.pool
    return pure_ms, whole_ms


def _profile(user: int, family_id: int, clock: SystemClock):  # type: ignore[no-untyped-def]
    from sleeplab_core.rewards.model import Profile

    return Profile(
        user, f"P{user}", "+7", clock.now(), referral_code=f"c{user}", family_id=family_id
    )


def _walk(user: int, steps: int, family_id: int, clock: SystemClock) -> Walk:
    return Walk(
        0,
        user,
        "w",
        MeasuredBy.FORM,
        WalkStatus.COUNTED,
        DAY,
        clock.now(),
        60,
        steps,
        0,
        WeatherReading("fixed", 100, clock.now()),
        1000,
        steps // 1000,
        family_id,
    )


class scratch_database:  # noqa: N801 (used like a function)
    def __init__(self, server_dsn: str) -> None:
        self._server = urlsplit(server_dsn)._replace(scheme="postgresql").geturl()
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


async def run(args: argparse.Namespace) -> None:
    results: list[tuple[str, str, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        results += await measure("sqlite", f"sqlite:///{Path(folder) / 'steps.sqlite3'}", args)
    if not args.no_postgres:
        try:
            async with scratch_database(args.postgres) as url:
                results += await measure("postgres", url, args)
        except (OSError, asyncpg.PostgresError) as error:
            print(f"postgres skipped: {type(error).__name__}: {error}", file=sys.stderr)
    report(results, args)
    pure_ms, whole_ms = await family_split(args.members)
    print(f"family split of {args.members} members: pure {pure_ms:.1f} ms, "
          f"use case (memory store + ledger) {whole_ms:.1f} ms")  # fmt: skip


def report(results: list[tuple[str, str, float]], args: argparse.Namespace) -> None:
    print(f"{args.players} players × {args.walks} walks, {args.rounds} rounds; every award "
          "checked against the walks (counted once)")  # fmt: skip
    print(f"{'database':<9} {'operation':<13} {'best/s':>8} {'median/s':>9}")
    by_key: dict[tuple[str, str], list[float]] = {}
    for database, operation, rate in results:
        by_key.setdefault((database, operation), []).append(rate)
    for (database, operation), rates in by_key.items():
        print(f"{database:<9} {operation:<13} {max(rates):>8.0f} {statistics.median(rates):>9.0f}")
    for database in dict.fromkeys(d for d, _, _ in results):
        ratio = statistics.median(by_key[(database, "walk award")]) / statistics.median(
            by_key[(database, "raw transfer")]
        )
        print(f"{database}: walk award / raw transfer = {ratio:.2f} (medians)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--players", type=int, default=20)
    parser.add_argument("--walks", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument(
        "--postgres", default=os.environ.get("SLEEPLAB_TEST_POSTGRES_DSN", DEFAULT_POSTGRES_DSN)
    )
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args(argv)
    asyncio.run(run(args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
