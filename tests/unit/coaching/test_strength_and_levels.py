"""Habit strength decays smoothly; levels follow a documented curve; insights read well."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from sleeplab_core.coaching.insights import insights
from sleeplab_core.coaching.levels import level_for, to_next
from sleeplab_core.coaching.streaks import compute_streak
from sleeplab_core.coaching.strength import as_percent, habit_strength

START = date(2026, 1, 1)
flags = st.lists(st.sampled_from(["done", "miss", "pause"]), min_size=1, max_size=200)


def split(marks: list[str]) -> tuple[list[date], set[date], set[date]]:
    days = [START + timedelta(days=offset) for offset in range(len(marks))]
    checked = {d for d, mark in zip(days, marks, strict=True) if mark == "done"}
    paused = {d for d, mark in zip(days, marks, strict=True) if mark == "pause"}
    return days, checked, paused


def test_one_missed_day_costs_a_little_not_everything() -> None:
    days = [START + timedelta(days=offset) for offset in range(31)]
    strong = habit_strength(days, set(days[:30]), set(), days[29])

    after_miss = habit_strength(days, set(days[:30]), set(), days[30] + timedelta(days=1))

    assert 0.9 * strong < after_miss < strong


def test_thirteen_days_without_a_check_in_halve_the_strength() -> None:
    days = [START + timedelta(days=offset) for offset in range(60)]
    strong = habit_strength(days, set(days[:47]), set(), days[46])

    halved = habit_strength(days, set(days[:47]), set(), days[59] + timedelta(days=1))

    assert abs(halved - strong / 2) < 1e-9


@given(marks=flags)
def test_strength_stays_between_zero_and_one(marks: list[str]) -> None:
    days, checked, paused = split(marks)

    assert 0.0 <= habit_strength(days, checked, paused, days[-1]) <= 1.0
    assert 0 <= as_percent(habit_strength(days, checked, paused, days[-1])) <= 100


@given(marks=flags)
def test_a_pause_leaves_the_strength_exactly_where_it_was(marks: list[str]) -> None:
    days, checked, paused = split(marks)
    later = [days[-1] + timedelta(days=offset) for offset in range(1, 8)]

    before = habit_strength(days, checked, paused, later[0])  # the last marked day is over
    after = habit_strength([*days, *later], checked, paused | set(later), later[-1])

    assert after == before


@given(marks=flags, extra=st.integers(0, 199))
def test_one_more_check_in_never_lowers_the_strength(marks: list[str], extra: int) -> None:
    days, checked, paused = split(marks)
    added = days[extra % len(days)]

    before = habit_strength(days, checked, paused, days[-1])
    after = habit_strength(days, checked | {added}, paused - {added}, days[-1])

    assert after >= before - 1e-12


def test_the_curve_starts_at_150_points_like_habitica() -> None:
    assert [to_next(level) for level in (1, 2, 3, 10)] == [150, 160, 170, 260]
    assert level_for(0).level == 1
    assert level_for(150).level == 2
    assert level_for(309).level == 2
    assert level_for(310).level == 3


@given(points=st.integers(0, 100_000), more=st.integers(0, 10_000))
def test_levels_never_go_down_as_points_grow(points: int, more: int) -> None:
    before, after = level_for(points), level_for(points + more)

    assert after.level >= before.level
    assert 0 <= before.into < before.needed == to_next(before.level)


def test_insights_say_how_many_days_in_a_row() -> None:
    days = [START + timedelta(days=offset) for offset in range(3)]
    streak = compute_streak(days, set(days), set(), days[-1])

    found = insights(streak, 14, days[-1], paused_today=False)

    assert found[0].key == "coach.insight.in_a_row"
    assert found[0].count == 3
    assert found[-1].params == {"percent": 14}
