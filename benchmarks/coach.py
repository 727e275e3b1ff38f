"""The coach's costs: a check-in through the whole use case against the bare model call, and
the streak over a year of check-ins.

- ``model``: ``OfflineChatModel.complete`` alone, with the brief a check-in analysis builds
  (the bare model call a real provider would replace);
- ``check-in``: one unit of work doing what ``/checkin`` does after the last answer — record
  the check-in (profile and goal read, upsert by local day, the reminder job re-planned),
  the analysis (context read, crisis check, the offline rules, the session stored) and the
  progress shown (streak, strength, level, insights) — committed, on SQLite and PostgreSQL;
- ``streak``: ``compute_streak`` + ``habit_strength`` over 365 lived days with a check-in on
  80 % of them, and the same through the ``progress`` use case on the in-memory store.

Run: ``python benchmarks/coach.py [--users 20] [--days 10] [--postgres DSN]``. PostgreSQL is
skipped when ``--postgres`` is not given.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as wall
from pathlib import Path
from typing import Any

from adapters.babel_catalog import load_catalog
from adapters.llm_offline import OfflineChatModel
from adapters.tortoise import TortoiseUnitOfWorkFactory, open_database
from adapters.tortoise.coaching import MODULE
from sleeplab_core.bots.coach import BOT
from sleeplab_core.coaching.context import CoachingContext, brief
from sleeplab_core.coaching.days import ZonePeriod
from sleeplab_core.coaching.fakes import InMemoryFileStore, OfflineSpeechToText
from sleeplab_core.coaching.model import CheckIn, Goal, GoalStatus, Horizon, Profile
from sleeplab_core.coaching.module import COACHING
from sleeplab_core.coaching.services import Coach
from sleeplab_core.coaching.streaks import compute_streak
from sleeplab_core.coaching.strength import habit_strength
from sleeplab_core.coaching.use_cases.analyse import analyse
from sleeplab_core.coaching.use_cases.check_in import record_check_in
from sleeplab_core.coaching.use_cases.progress import progress
from sleeplab_core.jobs.quiet_hours import QuietHours
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.llm import ChatRequest
from sleeplab_core.storage import InMemoryStore

START = datetime(2026, 1, 5, 18, 0, tzinfo=UTC)


def profile(user: int) -> Profile:
    return Profile(
        user,
        ("health",),
        Horizon.QUARTER,
        "feel strong",
        3,
        "Europe/Berlin",
        wall(20, 30),
        QuietHours(),
        START,
        zones=(ZonePeriod(START, "Europe/Berlin"),),
    )


async def seed(factory: Any, users: int) -> None:
    async with factory() as uow:
        for user in range(1, users + 1):
            await uow.users.save(_user(user))
            await uow.coaching.save_profile(profile(user))
            await uow.coaching.add_goal(
                Goal(f"g{user}", user, "Run a 5k", GoalStatus.ACTIVE, START, START)
            )
        await uow.commit()


def _user(user: int) -> Any:
    from sleeplab_core.kernel.users import User

    return User(id=user, created_at=START, time_zone="Europe/Berlin")


async def check_in_round(factory: Any, clock: FakeClock, coach: Coach, users: int) -> list[float]:
    latencies = []
    for user in range(1, users + 1):
        began = time.perf_counter()
        async with factory() as uow:
            stored = await record_check_in(
                uow, clock, user, f"g{user}", "ran 2 km", "rain", "kept going"
            )
            await analyse(uow, clock, coach, user, locale="en", check_in_id=stored.id)
            await progress(uow, clock, user)
            await uow.commit()
        latencies.append(time.perf_counter() - began)
    clock.advance(timedelta(days=1))
    return latencies


async def bare_model(model: OfflineChatModel, calls: int) -> list[float]:
    context = CoachingContext(
        profile(1),
        (Goal("g1", 1, "Run a 5k", GoalStatus.ACTIVE, START, START),),
        (CheckIn("c1", 1, "g1", date(2026, 1, 5), START, "ran 2 km", "rain", "kept going"),),
    )
    request = ChatRequest(system="coach", message=brief(context))
    latencies = []
    for _ in range(calls):
        began = time.perf_counter()
        await model.complete(request)
        latencies.append(time.perf_counter() - began)
    return latencies


def report(name: str, latencies: list[float], baseline: float | None = None) -> float:
    total = sum(latencies)
    rate = len(latencies) / total
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    ratio = f"  ×{baseline / rate:.1f} the bare model" if baseline else ""
    print(
        f"{name:<22} {rate:9.0f}/s  p50 {statistics.median(latencies) * 1e3:7.2f} ms"
        f"  p99 {p99 * 1e3:7.2f} ms{ratio}"
    )
    return rate


async def store_run(
    name: str, factory: Any, coach: Coach, users: int, days: int, baseline: float
) -> None:
    await seed(factory, users)
    clock = FakeClock(START)
    latencies: list[float] = []
    for _ in range(days):
        latencies += await check_in_round(factory, clock, coach, users)
    report(f"check-in ({name})", latencies, baseline)


def streak_year(repeat: int) -> list[float]:
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(365)]
    checked = {day for n, day in enumerate(days) if n % 5 != 3}
    latencies = []
    for _ in range(repeat):
        began = time.perf_counter()
        compute_streak(days, checked, set(), days[-1])
        habit_strength(days, checked, set(), days[-1])
        latencies.append(time.perf_counter() - began)
    return latencies


async def progress_year(repeat: int) -> list[float]:
    store = InMemoryStore(modules=[COACHING])
    year_ago = START - timedelta(days=365)
    async with store() as uow:
        old = profile(1)
        await uow.coaching.save_profile(
            Profile(
                old.user_id,
                old.areas,
                old.horizon,
                old.motivation,
                old.energy,
                old.time_zone,
                old.reminder_at,
                old.quiet,
                year_ago,
                zones=(ZonePeriod(year_ago, "Europe/Berlin"),),
            )
        )
        for n in range(365):
            if n % 5 != 3:
                day = (year_ago + timedelta(days=n)).date()
                await uow.coaching.save_check_in(CheckIn(f"c{n}", 1, "g1", day, year_ago, "x"))
        await uow.commit()
    clock = FakeClock(START)
    latencies = []
    for _ in range(repeat):
        began = time.perf_counter()
        async with store() as uow:
            await progress(uow, clock, 1)
        latencies.append(time.perf_counter() - began)
    return latencies


async def main(users: int, days: int, postgres: str | None) -> None:
    texts = load_catalog(overlays=[BOT.locales] if BOT.locales else [])
    model = OfflineChatModel()
    coach = Coach(model, InMemoryFileStore(), OfflineSpeechToText(), texts)
    baseline = report("model (bare call)", await bare_model(model, users * days))
    await store_run("memory", InMemoryStore(modules=[COACHING]), coach, users, days, baseline)
    with tempfile.TemporaryDirectory() as folder:
        database = await open_database(
            f"sqlite:///{Path(folder) / 'coach.sqlite3'}", modules=(MODULE,)
        )
        try:
            await store_run(
                "SQLite", TortoiseUnitOfWorkFactory(database), coach, users, days, baseline
            )
        finally:
            await database.close()
    if postgres:
        database = await open_database(postgres, modules=(MODULE,))
        try:
            with database.activate():
                await database.client.execute_script(
                    "TRUNCATE coach_profiles, coach_goals, coach_media, coach_check_ins, "
                    "coach_sessions"
                )
            await store_run(
                "PostgreSQL", TortoiseUnitOfWorkFactory(database), coach, users, days, baseline
            )
        finally:
            await database.close()
    report("streak+strength, 1 y", streak_year(500))
    report("progress use case, 1 y", await progress_year(200))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--days", type=int, default=10)
    parser.add_argument(
        "--postgres", default=None, help="a scratch database DSN (its coach_* tables are emptied)"
    )
    arguments = parser.parse_args()
    asyncio.run(main(arguments.users, arguments.days, arguments.postgres))
