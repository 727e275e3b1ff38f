"""Reminders at the user's wall-clock time: DST gaps and folds, quiet hours, travel, snooze."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleeplab_core.coaching.days import local_day
from sleeplab_core.coaching.reminders import ReminderPlan, next_reminder, parse_wall_time, snooze
from sleeplab_core.jobs.quiet_hours import QuietHours, is_quiet
from sleeplab_core.kernel.errors import ValidationFailed

NO_QUIET = QuietHours(time(0), time(0))
ZONES = ("Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC")
instants = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)
)
walls = st.times().map(lambda t: t.replace(second=0, microsecond=0))


def test_a_0230_reminder_on_a_spring_forward_night_fires_when_the_clocks_jump() -> None:
    plan = ReminderPlan(time(2, 30), "Europe/Berlin", NO_QUIET)
    evening = datetime(2026, 3, 28, 20, 0, tzinfo=UTC)

    fired = next_reminder(evening, plan)

    assert fired == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)  # 03:00 CEST


def test_a_0130_reminder_on_a_fall_back_night_fires_once_at_the_first_0130() -> None:
    plan = ReminderPlan(time(1, 30), "America/New_York", NO_QUIET)
    evening = datetime(2026, 10, 31, 23, 0, tzinfo=UTC)

    first = next_reminder(evening, plan)
    assert first is not None
    second = next_reminder(first, plan)

    assert first == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 EDT
    assert second == datetime(2026, 11, 2, 6, 30, tzinfo=UTC)  # next day, 01:30 EST


def test_after_travel_the_reminder_moves_to_the_new_zone_wall_clock() -> None:
    now = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    home = ReminderPlan(time(9, 0), "Europe/Moscow", NO_QUIET)

    moved = next_reminder(now, ReminderPlan(time(9, 0), "America/New_York", NO_QUIET))

    assert next_reminder(now, home) == datetime(2026, 6, 2, 6, 0, tzinfo=UTC)
    assert moved == datetime(2026, 6, 1, 13, 0, tzinfo=UTC)  # 09:00 EDT, still ahead today


def test_no_reminder_on_a_day_already_done_or_paused() -> None:
    now = datetime(2026, 6, 1, 5, 0, tzinfo=UTC)
    plan = ReminderPlan(time(9, 0), "UTC", NO_QUIET)

    fired = next_reminder(now, plan, done={date(2026, 6, 1)}, paused={date(2026, 6, 2)})

    assert fired == datetime(2026, 6, 3, 9, 0, tzinfo=UTC)


@given(now=instants, at=walls, time_zone=st.sampled_from(ZONES))
def test_the_reminder_is_after_now_within_two_days_at_the_wall_time_or_the_gap_end(
    now: datetime, at: time, time_zone: str
) -> None:
    plan = ReminderPlan(at, time_zone, NO_QUIET)

    fired = next_reminder(now, plan)

    assert fired is not None
    assert now < fired <= now + timedelta(days=2)
    local = fired.astimezone(ZoneInfo(time_zone))
    in_gap = local.time() != at
    if in_gap:  # the wall time did not exist that day: fired right after the jump
        assert (fired - timedelta(seconds=1)).astimezone(
            ZoneInfo(time_zone)
        ).utcoffset() != local.utcoffset()


@given(now=instants, at=walls, time_zone=st.sampled_from(ZONES))
def test_a_reminder_never_lands_in_quiet_hours(now: datetime, at: time, time_zone: str) -> None:
    quiet = QuietHours(time(22), time(8))

    fired = next_reminder(now, ReminderPlan(at, time_zone, quiet))

    assert fired is not None
    assert not is_quiet(fired, time_zone, quiet)


@given(now=instants, at=walls, time_zone=st.sampled_from(ZONES))
def test_a_day_with_a_check_in_is_never_reminded(now: datetime, at: time, time_zone: str) -> None:
    plan = ReminderPlan(at, time_zone, NO_QUIET)
    first = next_reminder(now, plan)
    assert first is not None
    done_day = local_day(first, time_zone)

    fired = next_reminder(now, plan, done={done_day})

    assert fired is not None
    assert local_day(fired, time_zone) != done_day


def test_snooze_is_capped() -> None:
    now = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    plan = ReminderPlan(time(9), "UTC", NO_QUIET, max_snoozes=2)

    assert snooze(now, plan, 0) == now + timedelta(hours=1)
    assert snooze(now, plan, 2) is None


@pytest.mark.parametrize("text", ["25:00", "9:75", "noon", "-1:00", ""])
def test_an_impossible_time_is_refused(text: str) -> None:
    with pytest.raises(ValidationFailed):
        parse_wall_time(text)


def test_a_plain_hour_is_a_time() -> None:
    assert parse_wall_time("7") == time(7)
    assert parse_wall_time(" 08:30 ") == time(8, 30)


@given(
    now=instants,
    at=walls,
    time_zone=st.sampled_from(ZONES),
    weekdays=st.frozensets(st.integers(0, 6), min_size=1),
    day_start=st.integers(0, 4),
)
def test_reminders_come_only_on_the_chosen_weekdays_of_the_local_day(
    now: datetime, at: time, time_zone: str, weekdays: frozenset[int], day_start: int
) -> None:
    plan = ReminderPlan(at, time_zone, NO_QUIET, day_start, weekdays=weekdays)

    fired = next_reminder(now, plan)

    assert fired is not None
    assert now < fired <= now + timedelta(days=8)
    assert local_day(fired, time_zone, day_start).weekday() in weekdays


def test_weekday_reminders_skip_the_weekend() -> None:
    friday_evening = datetime(2026, 6, 5, 20, 0, tzinfo=UTC)
    plan = ReminderPlan(time(9), "UTC", NO_QUIET, weekdays=frozenset(range(5)))

    assert next_reminder(friday_evening, plan) == datetime(2026, 6, 8, 9, 0, tzinfo=UTC)
