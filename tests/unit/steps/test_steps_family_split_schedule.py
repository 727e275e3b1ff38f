"""The weekly family split on the worker: a local wall-clock time, DST-correct, paid once."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleeplab_core.bots.steps.jobs import FamilySplitJob
from sleeplab_core.jobs.worker import JobContext
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.ledger import InMemoryLedger
from sleeplab_core.rewards import MEMORY_MODULE, default_rules
from sleeplab_core.rewards.accounts import points_balance
from sleeplab_core.rewards.config import FamilySplitSchedule, rules_from_toml
from sleeplab_core.rewards.errors import InvalidRules
from sleeplab_core.rewards.family_schedule import next_run, run_on
from sleeplab_core.rewards.model import MeasuredBy
from sleeplab_core.rewards.use_cases.families import create_family, join_family
from sleeplab_core.rewards.use_cases.log_walk import WalkDraft, log_walk
from sleeplab_core.rewards.use_cases.register_player import Registration, register_player
from sleeplab_core.rewards.use_cases.schedule_family_split import (
    FAMILY_SPLIT_JOB_KIND,
    schedule_family_split,
)
from sleeplab_core.rewards.verification import VerifiedWalk
from sleeplab_core.rewards.weather import FixedWeather
from sleeplab_core.storage import InMemoryStore

ZONES = ["Europe/Moscow", "Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kathmandu"]
MOMENTS = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)
SCHEDULES = st.builds(
    FamilySplitSchedule,
    weekday=st.integers(1, 7),
    at=st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45])),
    zone=st.sampled_from(ZONES),
)


def exists(day: date, at: time, zone: ZoneInfo) -> bool:
    wall = datetime.combine(day, at, zone)
    return wall.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall.replace(tzinfo=None)


@given(MOMENTS, SCHEDULES)
def test_the_next_run_is_the_first_local_weekday_and_time_after(
    after: datetime, schedule: FamilySplitSchedule
) -> None:
    zone = ZoneInfo(schedule.zone)
    run = next_run(after, schedule)
    local = run.run_at.astimezone(zone)
    assert run.run_at > after
    assert run.run_at - after <= timedelta(days=7, hours=1)
    assert run.last_day == run.first_day + timedelta(days=6)
    assert run.last_day == local.date() - timedelta(days=1) or not exists(
        local.date(), schedule.at, zone
    )
    day = run.last_day + timedelta(days=1)
    assert day.isoweekday() == schedule.weekday
    if exists(day, schedule.at, zone):
        assert (local.date(), local.time()) == (day, schedule.at)
    assert run_on(day - timedelta(days=7), schedule).run_at <= after  # none skipped


@given(MOMENTS, SCHEDULES)
def test_consecutive_runs_pay_consecutive_weeks(
    after: datetime, schedule: FamilySplitSchedule
) -> None:
    run = next_run(after, schedule)
    following = next_run(run.run_at, schedule)
    assert following.first_day == run.last_day + timedelta(days=1)
    assert following.key != run.key


def test_across_the_23_and_25_hour_days_the_wall_clock_holds() -> None:
    sunday_0130 = FamilySplitSchedule(weekday=7, at=time(1, 30), zone="Europe/London")
    monday_0900 = FamilySplitSchedule(weekday=1, at=time(9, 0), zone="Europe/London")
    # 29 March 2026: 01:00 GMT jumps to 02:00 BST (a 23-hour day); 01:30 does not exist
    spring = next_run(datetime(2026, 3, 28, tzinfo=UTC), sunday_0130)
    assert spring.run_at == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 02:30 BST
    # 25 October 2026: 01:00–02:00 happens twice (a 25-hour day): the first one
    autumn = next_run(datetime(2026, 10, 24, tzinfo=UTC), sunday_0130)
    assert autumn.run_at == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 01:30 BST
    # the Monday after each change keeps 09:00 on the wall: 08:00 UTC, then 09:00 UTC
    before = next_run(datetime(2026, 3, 28, tzinfo=UTC), monday_0900)
    after = next_run(datetime(2026, 10, 24, tzinfo=UTC), monday_0900)
    assert before.run_at == datetime(2026, 3, 30, 8, 0, tzinfo=UTC)
    assert after.run_at == datetime(2026, 10, 26, 9, 0, tzinfo=UTC)
    assert (before.first_day, before.last_day) == (date(2026, 3, 23), date(2026, 3, 29))


@pytest.mark.parametrize(
    ("section", "field"),
    [
        ("weekday = 8", "weekday"),
        ('at = "25:00"', "at"),
        ("at = 9", "at"),
        ('zone = "Mars/Olympus"', "zone"),
        ('when = "monday"', "family.split"),
    ],
)
def test_a_bad_schedule_is_refused_naming_its_field(section: str, field: str) -> None:
    text = "[points]\nrate_per_mille = 1000\ndaily_cap = 50\n[[coefficients]]\nper_mille = 1000\n"
    with pytest.raises(InvalidRules, match=field):
        rules_from_toml(f"{text}[family.split]\n{section}\n")


def test_the_shipped_schedule_is_monday_nine_in_moscow() -> None:
    assert default_rules().family_split == FamilySplitSchedule(1, time(9, 0), "Europe/Moscow")


async def test_the_worker_pays_the_week_once_and_schedules_the_next() -> None:
    monday = datetime(2026, 1, 12, 6, 0, tzinfo=UTC)  # 09:00 in Moscow
    clock = FakeClock(datetime(2026, 1, 7, 12, 0, tzinfo=UTC))
    store, ledger = InMemoryStore(modules=[MEMORY_MODULE]), InMemoryLedger(clock)
    rules = attrs.evolve(default_rules(), daily_cap=1000)
    for user in (1, 2):
        await register_player(store, clock, Registration(user, f"P{user}", "+7999"))
    family = await create_family(store, clock, 1, "Ивановы")
    await join_family(store, rules, 2, family.invite_code)
    for user, steps in ((1, 30_000), (2, 10_000)):
        draft = WalkDraft(
            user_id=user,
            key=f"w{user}",
            measured_by=MeasuredBy.FORM,
            local_day=date(2026, 1, 7),
            started_at=clock.now(),
            verified=VerifiedWalk(steps=steps, distance_m=0, minutes=120),
        )
        await log_walk(store, ledger, clock, FixedWeather(100), rules, draft)
    walked = [await points_balance(ledger, rules.unit, user) for user in (1, 2)]
    assert walked == [30, 10]

    async with store() as unit:  # a family created and another joined: scheduled once
        first = await schedule_family_split(unit.jobs, rules, clock.now(), clock.now())
        same = await schedule_family_split(unit.jobs, rules, clock.now(), clock.now())
        await unit.commit()
    assert first.id == same.id
    assert (first.kind, first.run_at) == (FAMILY_SPLIT_JOB_KIND, monday)
    assert first.payload == {"first_day": "2026-01-05", "last_day": "2026-01-11"}

    clock.advance(monday + timedelta(seconds=5) - clock.now())
    handler = FamilySplitJob(store, ledger, clock, rules)
    context = JobContext(first, clock, timedelta(seconds=10), _nothing, lambda: False)
    await handler(first, context)
    await handler(first, context)  # a retry after a crash pays nothing more
    paid = [await points_balance(ledger, rules.unit, user) for user in (1, 2)]
    assert paid == [30 + 3, 10 + 1]  # the pool of 4 split 3:1 by steps
    async with store() as unit:
        following = await unit.jobs.find_by_key("steps-family-split:2026-01-12:2026-01-18")
    assert following is not None
    assert following.run_at == monday + timedelta(days=7)


async def _nothing() -> None:
    return None
