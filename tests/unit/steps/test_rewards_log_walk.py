"""Logging a walk: weather fallback, refusals kept for audit, the daily cap, the breakdown."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.ledger import InMemoryLedger
from sleeplab_core.rewards import (
    InMemoryRewardsDatabase,
    RewardsNotFound,
    WalkRefused,
    default_rules,
)
from sleeplab_core.rewards.accounts import points_balance
from sleeplab_core.rewards.model import MeasuredBy, WalkStatus
from sleeplab_core.rewards.use_cases.log_walk import WalkDraft, log_walk
from sleeplab_core.rewards.use_cases.register_player import Registration, register_player
from sleeplab_core.rewards.verification import VerifiedWalk, verify_form_walk
from sleeplab_core.rewards.weather import FixedWeather, OfflineWeather

NOW = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
RULES = default_rules()


@pytest.fixture
async def world():
    clock = FakeClock(NOW)
    uow, ledger = InMemoryRewardsDatabase(), InMemoryLedger(clock)
    await register_player(uow, clock, Registration(1, "Аня", "+79991234567"))
    return uow, ledger, clock


def draft(key: str, steps: int, *, located: bool = True, refusal=None) -> WalkDraft:
    return WalkDraft(
        user_id=1,
        key=key,
        measured_by=MeasuredBy.FORM,
        local_day=date(2026, 1, 10),
        started_at=NOW,
        verified=None if refusal else VerifiedWalk(steps, 0, 60),
        refusal=refusal,
        latitude=55.7 if located else None,
        longitude=37.6 if located else None,
    )


async def test_a_weather_service_that_is_down_gives_the_default_coefficient_flagged(world):
    uow, ledger, clock = world
    logged = await log_walk(uow, ledger, clock, OfflineWeather(), RULES, draft("k", 10_000))
    assert logged.walk.weather.fallback is True
    assert logged.walk.coefficient_per_mille == RULES.default_per_mille
    assert logged.walk.points == 10


async def test_the_temperature_is_stored_with_the_walk_and_shown_in_the_breakdown(world):
    uow, ledger, clock = world
    logged = await log_walk(uow, ledger, clock, FixedWeather(-215), RULES, draft("k", 10_000))
    assert logged.walk.weather.temperature_tenths == -215
    assert (logged.breakdown.base, logged.breakdown.coefficient_per_mille) == (10, 1500)
    assert logged.breakdown.awarded == 15


async def test_a_refused_walk_is_kept_with_its_reason_and_earns_nothing(world):
    uow, ledger, clock = world
    with pytest.raises(WalkRefused) as refused:
        verify_form_walk(10, 200_000, None, RULES.verification)
    logged = await log_walk(
        uow, ledger, clock, FixedWeather(0), RULES, draft("k", 0, refusal=refused.value)
    )
    assert logged.walk.status is WalkStatus.REFUSED
    assert logged.walk.refusal is not None
    assert logged.walk.refusal.startswith("cadence")
    assert await points_balance(ledger, RULES.unit, 1) == 0


async def test_the_daily_cap_stops_points_but_keeps_the_steps(world):
    uow, ledger, clock = world
    weather = FixedWeather(100)
    first = await log_walk(uow, ledger, clock, weather, RULES, draft("a", 45_000))
    second = await log_walk(uow, ledger, clock, weather, RULES, draft("b", 20_000))
    assert (first.walk.points, second.walk.points, second.walk.steps) == (45, 5, 20_000)
    assert await points_balance(ledger, RULES.unit, 1) == RULES.daily_cap


async def test_an_unregistered_walker_is_told_to_register(world):
    uow, ledger, clock = world
    other = WalkDraft(9, "k", MeasuredBy.FORM, date(2026, 1, 10), NOW, VerifiedWalk(1, 0, 1))
    with pytest.raises(RewardsNotFound):
        await log_walk(uow, ledger, clock, FixedWeather(0), RULES, other)
