"""Nudges about goals without updates: 7, 14 and 21 local days after the last update, at the
reminder's wall-clock time, outside quiet hours and pauses, across DST days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from sleeplab_core.coaching.days import local_day
from sleeplab_core.coaching.reminders import (
    STALE_AFTER_DAYS,
    STALE_NUDGES,
    ReminderPlan,
    next_goal_nudge,
    stale_goals_on,
)
from sleeplab_core.jobs.quiet_hours import QuietHours, is_quiet

NO_QUIET = QuietHours(time(0), time(0))
DST_ZONES = ("Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Santiago")
ZONES = (*DST_ZONES, "Asia/Kolkata", "UTC")
instants = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)
)
walls = st.times().map(lambda t: t.replace(second=0, microsecond=0))
#: Days around the 2026 transitions: Berlin 29 March / 25 October, New York 8 March / 1 Nov.
DST_DAYS = (date(2026, 3, 29), date(2026, 10, 25), date(2026, 3, 8), date(2026, 11, 1))


def test_a_goal_is_nudged_after_7_14_and_21_quiet_days_then_left_alone() -> None:
    last = {"g": date(2026, 6, 1)}
    nudged = [
        d for d in (date(2026, 6, 1) + timedelta(n) for n in range(60)) if stale_goals_on(d, last)
    ]

    assert nudged == [date(2026, 6, 8), date(2026, 6, 15), date(2026, 6, 22)]


def test_the_nudge_for_a_goal_quiet_over_a_spring_forward_night_fires_at_the_wall_time() -> None:
    plan = ReminderPlan(time(20, 30), "Europe/Berlin", NO_QUIET)
    now = datetime(2026, 3, 22, 21, 0, tzinfo=UTC)  # Sunday night, CET

    fired = next_goal_nudge(now, plan, {"g": date(2026, 3, 22)})

    assert fired == datetime(2026, 3, 29, 18, 30, tzinfo=UTC)  # 20:30 CEST on the 23-hour day


def test_a_paused_due_day_gets_no_nudge_and_the_next_one_comes() -> None:
    plan = ReminderPlan(time(9), "UTC", NO_QUIET)
    now = datetime(2026, 6, 1, 10, tzinfo=UTC)

    fired = next_goal_nudge(now, plan, {"g": date(2026, 6, 1)}, paused={date(2026, 6, 8)})

    assert fired == datetime(2026, 6, 15, 9, tzinfo=UTC)


def test_after_three_nudges_nothing_is_planned() -> None:
    plan = ReminderPlan(time(9), "UTC", NO_QUIET)
    now = datetime(2026, 6, 22, 10, tzinfo=UTC)  # after the third nudge's time

    assert next_goal_nudge(now, plan, {"g": date(2026, 6, 1)}) is None
    assert next_goal_nudge(now, plan, {}) is None


@st.composite
def situations(draw: st.DrawFn) -> tuple[datetime, ReminderPlan, dict[str, date], set[date]]:
    time_zone = draw(st.sampled_from(ZONES))
    if draw(st.booleans()):  # often right around a DST transition
        around = draw(st.sampled_from(DST_DAYS))
        now = datetime.combine(around, time(), tzinfo=UTC) + timedelta(
            minutes=draw(st.integers(-40 * 24 * 60, 2 * 24 * 60))
        )
    else:
        now = draw(instants)
    weekdays = draw(
        st.one_of(st.just(frozenset(range(7))), st.frozensets(st.integers(0, 6), min_size=1))
    )
    plan = ReminderPlan(
        draw(walls),
        time_zone,
        draw(st.sampled_from([NO_QUIET, QuietHours(time(22), time(8))])),
        draw(st.integers(0, 4)),
        weekdays=weekdays,
    )
    today = local_day(now, time_zone, plan.day_start_hour)
    goals = draw(st.lists(st.integers(0, 30), min_size=1, max_size=4))
    last = {f"g{n}": today - timedelta(days=back) for n, back in enumerate(goals)}
    paused = set(draw(st.lists(st.integers(-1, 25).map(lambda n: today + timedelta(n)))))
    return now, plan, last, paused


@given(situations())
def test_a_nudge_lands_on_a_due_unpaused_day_after_now_outside_quiet_hours(
    situation: tuple[datetime, ReminderPlan, dict[str, date], set[date]],
) -> None:
    now, plan, last, paused = situation

    fired = next_goal_nudge(now, plan, last, paused=paused)

    if fired is None:
        return
    day = local_day(fired, plan.time_zone, plan.day_start_hour)
    assert fired > now
    assert stale_goals_on(day, last, weekdays=plan.weekdays)
    assert day.weekday() in plan.weekdays
    assert day not in paused
    assert not is_quiet(fired, plan.time_zone, plan.quiet)
    if plan.quiet == NO_QUIET:  # the wall time, or the first instant after a DST gap
        local = fired.astimezone(ZoneInfo(plan.time_zone))
        if local.time() != plan.at:
            before = (fired - timedelta(seconds=1)).astimezone(ZoneInfo(plan.time_zone))
            assert before.utcoffset() != local.utcoffset()


@given(situations())
def test_no_due_day_is_skipped_between_now_and_the_nudge(
    situation: tuple[datetime, ReminderPlan, dict[str, date], set[date]],
) -> None:
    now, plan, last, paused = situation
    plan = ReminderPlan(
        plan.at, plan.time_zone, NO_QUIET, plan.day_start_hour, weekdays=plan.weekdays
    )
    today = local_day(now, plan.time_zone, plan.day_start_hour)

    fired = next_goal_nudge(now, plan, last, paused=paused)

    end = (
        local_day(fired, plan.time_zone, plan.day_start_hour)
        if fired
        else today + timedelta(days=STALE_AFTER_DAYS * STALE_NUDGES + 8)
    )
    # every due, unpaused day strictly after today and before the nudge's day was skipped
    # only if it does not exist: none may be due
    day = today + timedelta(days=1)
    while day < end:
        assert not stale_goals_on(day, last, weekdays=plan.weekdays) or day in paused
        day += timedelta(days=1)


@given(last=st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 1, 1)))
def test_a_goal_is_nudged_at_most_three_times_per_silence(last: date) -> None:
    days = [last + timedelta(n) for n in range(100)]

    nudged = [d for d in days if stale_goals_on(d, {"g": last})]

    assert len(nudged) == STALE_NUDGES
    assert all((d - last).days % STALE_AFTER_DAYS == 0 for d in nudged)
    assert min(nudged) == last + timedelta(days=STALE_AFTER_DAYS)


def test_a_nudge_due_on_a_sunday_waits_for_monday_with_weekday_reminders() -> None:
    plan = ReminderPlan(time(9), "UTC", NO_QUIET, weekdays=frozenset(range(5)))
    sunday = date(2026, 6, 7)
    now = datetime(2026, 6, 8, 0, 0, tzinfo=UTC)

    fired = next_goal_nudge(now - timedelta(days=7), plan, {"g": sunday - timedelta(days=7)})

    assert fired == datetime(2026, 6, 8, 9, 0, tzinfo=UTC)
    assert stale_goals_on(date(2026, 6, 8), {"g": sunday - timedelta(days=7)}, weekdays=range(5))
