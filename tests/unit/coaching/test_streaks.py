"""Streaks with earned freezes, pauses, and travel."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from sleeplab_core.coaching.days import ZonePeriod, lived_days
from sleeplab_core.coaching.streaks import StreakRules, compute_streak

START = date(2026, 1, 1)


def span(days: int) -> list[date]:
    return [START + timedelta(days=offset) for offset in range(days)]


day_flags = st.lists(st.sampled_from(["done", "miss", "pause"]), min_size=1, max_size=120)


def split(flags: list[str]) -> tuple[list[date], set[date], set[date]]:
    days = span(len(flags))
    checked = {day for day, flag in zip(days, flags, strict=True) if flag == "done"}
    paused = {day for day, flag in zip(days, flags, strict=True) if flag == "pause"}
    return days, checked, paused


def test_three_days_in_a_row_then_today_is_still_pending() -> None:
    days = span(4)

    streak = compute_streak(days, set(days[:3]), set(), today=days[3])

    assert (streak.current, streak.done_today) == (3, False)


def test_a_missed_day_without_a_freeze_resets_the_streak() -> None:
    days = span(5)

    streak = compute_streak(days, {days[0], days[1], days[3]}, set(), today=days[4])

    assert streak.current == 1
    assert streak.best == 2


def test_seven_days_earn_a_freeze_that_a_missed_day_uses_automatically() -> None:
    days = span(10)
    checked = set(days[:7]) | {days[8], days[9]}

    streak = compute_streak(days, checked, set(), today=days[9])

    assert streak.current == 9
    assert streak.frozen_days == (days[7],)
    assert streak.freezes == 0


def test_a_pause_freezes_the_streak() -> None:
    days = span(20)
    checked = set(days[:3]) | set(days[15:])

    streak = compute_streak(days, checked, set(days[3:15]), today=days[19])

    assert streak.current == 8


@given(flags=day_flags, earn=st.integers(1, 10), cap=st.integers(0, 3))
def test_freezes_held_never_exceed_the_cap(flags: list[str], earn: int, cap: int) -> None:
    days, checked, paused = split(flags)

    streak = compute_streak(days, checked, paused, days[-1], StreakRules(earn, cap))

    assert 0 <= streak.freezes <= cap
    assert streak.current <= streak.best <= len(checked)


@given(flags=day_flags)
def test_checking_in_every_unpaused_day_gives_a_streak_of_every_check_in(flags: list[str]) -> None:
    days, _, paused = split(flags)
    checked = set(days) - paused

    streak = compute_streak(days, checked, paused, days[-1])

    assert streak.current == len(checked)
    assert streak.frozen_days == ()


@given(flags=day_flags, extra=st.integers(0, 119))
def test_one_more_check_in_never_shortens_the_streak(flags: list[str], extra: int) -> None:
    days, checked, paused = split(flags)
    added = days[extra % len(days)]

    before = compute_streak(days, checked, paused, days[-1])
    after = compute_streak(days, checked | {added}, paused - {added}, days[-1])

    assert after.current >= before.current


@given(flags=day_flags)
def test_pausing_a_missed_day_never_shortens_the_streak(flags: list[str]) -> None:
    days, checked, paused = split(flags)
    missed = set(days[:-1]) - checked - paused

    before = compute_streak(days, checked, paused, days[-1])
    after = compute_streak(days, checked, paused | missed, days[-1])

    assert after.current >= before.current
    assert after.current == len(checked)  # with every miss paused nothing resets


@given(
    trips=st.lists(
        st.tuples(
            st.integers(60, 60 * 36),
            st.sampled_from(["Asia/Tokyo", "America/Los_Angeles", "Pacific/Kiritimati", "UTC"]),
        ),
        max_size=8,
    ),
    hour=st.integers(0, 6),
)
def test_a_traveller_checking_in_each_day_they_live_keeps_every_day_of_the_streak(
    trips: list[tuple[int, str]], hour: int
) -> None:
    start = datetime(2026, 3, 1, 12, tzinfo=UTC)
    periods, moment = [ZonePeriod(start, "Europe/Berlin")], start
    for minutes, time_zone in trips:
        moment += timedelta(minutes=minutes)
        periods.append(ZonePeriod(moment, time_zone))
    until = moment + timedelta(hours=1)
    days = lived_days(periods, until, hour)
    checked = set(days)  # one check-in per lived date; a relived date is the same key

    streak = compute_streak(days, checked, set(), today=days[-1])

    assert streak.current == len(days)
