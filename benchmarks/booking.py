"""Booking: availability queries per second, and concurrent booking attempts per second.

``availability``: a salon of 10 specialists open 09:00-21:00 every day, about 40 % booked
over the next 30 days; one query asks for every free start of a 1-hour service across all
specialists and days. Timed against a hand-written baseline that checks each candidate start
against every booking (no merging, no binary search); both must return the same starts.

``booking``: ``--tasks`` concurrent clients each try ``--attempts`` bookings of random
starts among a few contested hours, through the ``book_slot`` use case and the real storage
(SQLite file; PostgreSQL when reachable). Prints attempts per second, bookings made and the
overlap count found afterwards by a self-join (must be 0).

Run: ``python benchmarks/booking.py [--rounds 5] [--tasks 20] [--attempts 10]
[--postgres DSN] [--no-postgres]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg  # type: ignore[import-untyped]

from adapters.tortoise import Database, TortoiseUnitOfWorkFactory, open_database
from adapters.tortoise.booking import MODULE
from sleeplab_core.booking.availability import SlotQuery, find_slots, occupied_of
from sleeplab_core.booking.config import SalonConfig, parse_config
from sleeplab_core.booking.errors import SlotTaken, SlotUnavailable
from sleeplab_core.booking.model import Interval
from sleeplab_core.booking.schedule import working_intervals
from sleeplab_core.booking.use_cases import SlotRequest, book_slot
from sleeplab_core.kernel.clock import FakeClock

DEFAULT_POSTGRES_DSN = "postgres://postgres@127.0.0.1:5432/test"
SPECIALISTS = 10
DAYS = 30
NOW = datetime(2026, 6, 1, 5, 0, tzinfo=UTC)
FIRST_DAY = date(2026, 6, 1)


def salon() -> SalonConfig:
    hours = {day: ["09:00-21:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    return parse_config({
        "id": "bench", "name": {"en": "Bench", "ru": "Бенч"}, "time_zone": "Europe/Berlin",
        "hours": hours, "breaks": ["14:00-14:30"], "horizon_days": 60, "min_notice": 0,
        "specialists": [{"id": f"s{n}", "name": {"en": f"S{n}", "ru": f"С{n}"}}
                        for n in range(SPECIALISTS)],
        "services": [{"id": "cut", "name": {"en": "Cut", "ru": "Стрижка"}, "slots": 2,
                      "buffer_after": 10}],
    })  # fmt: skip


def busy_calendar(config: SalonConfig, seed: int = 7) -> dict[str, list[Interval]]:
    """About 40 % of each specialist's working time booked, bookings not overlapping."""
    rng, service = random.Random(seed), config.service("cut")
    busy: dict[str, list[Interval]] = {}
    for specialist in config.specialists:
        taken: list[Interval] = []
        for offset in range(DAYS):
            for window in working_intervals(config, specialist, FIRST_DAY + timedelta(days=offset)):
                start = window.start
                while start + timedelta(hours=1) <= window.end:
                    occupied = occupied_of(config, service, start)
                    if rng.random() < 0.4 and not any(occupied.overlaps(t) for t in taken[-3:]):
                        taken.append(occupied)
                    start += timedelta(minutes=30)
        busy[specialist.id] = taken
    return busy


def baseline(config: SalonConfig, busy: dict[str, list[Interval]]) -> list[tuple[str, datetime]]:
    """Hand-written: every grid start checked against every booking of its specialist."""
    service, found = config.service("cut"), []
    step, length = timedelta(minutes=30), timedelta(hours=1)
    for specialist in config.specialists:
        for offset in range(DAYS):
            for window in working_intervals(config, specialist, FIRST_DAY + timedelta(days=offset)):
                start = window.start
                while start + length <= window.end:
                    occupied = occupied_of(config, service, start)
                    if start >= NOW and not any(occupied.overlaps(b) for b in busy[specialist.id]):
                        found.append((specialist.id, start))
                    start += step
    return sorted(found, key=lambda pair: (pair[1], int(pair[0][1:])))


def engine(config: SalonConfig, busy: dict[str, list[Interval]]) -> list[tuple[str, datetime]]:
    query = SlotQuery("cut", FIRST_DAY, FIRST_DAY + timedelta(days=DAYS - 1))
    return [(slot.specialist_id, slot.start) for slot in find_slots(config, query, busy, NOW)]


def per_second(function, *args: object, repeat: int) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    for _ in range(repeat):
        function(*args)
    return repeat / (time.perf_counter() - started)


def availability(rounds: int) -> None:
    config = salon()
    busy = busy_calendar(config)
    assert engine(config, busy) == baseline(config, busy), "the engine and the baseline differ"
    bookings = sum(len(v) for v in busy.values())
    starts = len(engine(config, busy))
    ours, theirs = [], []
    for _ in range(rounds):
        ours.append(per_second(engine, config, busy, repeat=5))
        theirs.append(per_second(baseline, config, busy, repeat=2))
    print(f"availability: {SPECIALISTS} specialists × {DAYS} days, {bookings} bookings, "
          f"{starts} free starts per query")  # fmt: skip
    for name, values in (("engine", ours), ("baseline", theirs)):
        print(f"  {name:9} best {max(values):8.1f} q/s   median {statistics.median(values):8.1f}")
    print(
        f"  engine / baseline (median): {statistics.median(ours) / statistics.median(theirs):.1f}×"
    )


async def booking_race(url: str, tasks: int, attempts: int) -> tuple[float, int, int]:
    database = await open_database(url, modules=[MODULE])
    try:
        return await _race(database, tasks, attempts)
    finally:
        await database.close()


async def _race(database: Database, tasks: int, attempts: int) -> tuple[float, int, int]:
    config, store = salon(), TortoiseUnitOfWorkFactory(database)
    clock = FakeClock(NOW)
    day = datetime(2026, 6, 2, 7, 0, tzinfo=UTC)  # 09:00 in Berlin
    starts = [day + timedelta(minutes=30 * n) for n in range(8)]
    rng = random.Random(3)
    made = 0

    async def client(n: int) -> None:
        nonlocal made
        for _ in range(attempts):
            request = SlotRequest(f"c{n}", "cut", f"s{rng.randrange(2)}", rng.choice(starts))
            try:
                async with store() as uow:
                    await book_slot(uow, clock, config, request)  # type: ignore[arg-type]
                    await uow.commit()
                made += 1
            except (SlotTaken, SlotUnavailable):
                pass

    started = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(tasks)))
    elapsed = time.perf_counter() - started
    return tasks * attempts / elapsed, made, await _overlaps(database)


async def _overlaps(database: Database) -> int:
    with database.activate():
        rows = await database.client.execute_query_dict(
            "SELECT COUNT(*) AS n FROM booking_bookings a JOIN booking_bookings b "
            "ON a.id < b.id AND a.project_id = b.project_id AND a.specialist_id = b.specialist_id "
            "AND a.status = 'confirmed' AND b.status = 'confirmed' "
            "AND a.occupied_from < b.occupied_to AND b.occupied_from < a.occupied_to"
        )
    return int(rows[0]["n"])


async def scratch_postgres(dsn: str) -> tuple[str, str] | None:
    try:
        connection = await asyncpg.connect(_asyncpg(dsn), timeout=3)
    except (OSError, asyncpg.PostgresError, TimeoutError):
        return None
    name = f"sleeplab_bench_{uuid.uuid4().hex[:10]}"
    await connection.execute(f'CREATE DATABASE "{name}"')
    await connection.close()
    return urlsplit(dsn)._replace(path=f"/{name}").geturl(), name


async def drop_postgres(dsn: str, name: str) -> None:
    connection = await asyncpg.connect(_asyncpg(dsn), timeout=3)
    await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await connection.close()


def _asyncpg(dsn: str) -> str:
    return urlsplit(dsn)._replace(scheme="postgresql").geturl()


async def booking(args: argparse.Namespace) -> None:
    targets: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        targets.append(("sqlite", f"sqlite:///{Path(folder) / 'bench.sqlite3'}"))
        scratch = None if args.no_postgres else await scratch_postgres(args.postgres)
        if scratch:
            targets.append(("postgres", scratch[0]))
        try:
            for name, url in targets:
                rate, made, overlaps = await booking_race(url, args.tasks, args.attempts)
                print(f"booking on {name:8}: {rate:7.1f} attempts/s, {made} booked of "
                      f"{args.tasks * args.attempts} attempts, overlaps: {overlaps}")  # fmt: skip
        finally:
            if scratch:
                await drop_postgres(args.postgres, scratch[1])


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--tasks", type=int, default=20)
    parser.add_argument("--attempts", type=int, default=10)
    parser.add_argument("--postgres", default=os.environ.get(
        "SLEEPLAB_TEST_POSTGRES_DSN", DEFAULT_POSTGRES_DSN))  # fmt: skip
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args(list(argv) if argv is not None else None)
    availability(args.rounds)
    asyncio.run(booking(args))


if __name__ == "__main__":
    main()
