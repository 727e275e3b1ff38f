"""The local day: day-start hour, 23/25-hour days, travel."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleeplab_core.coaching.days import (
    ZonePeriod,
    check_in_day,
    day_length,
    day_start,
    lived_days,
    local_day,
)
from sleeplab_core.kernel.errors import ValidationFailed

ZONES = (
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "America/Santiago",
    "Europe/Moscow",
)
zones = st.sampled_from(ZONES)
hours = st.integers(min_value=0, max_value=12)
instants = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)


def test_before_the_day_start_hour_it_is_still_yesterday() -> None:
    one_thirty = datetime(2026, 3, 3, 1, 30, tzinfo=UTC)  # a Tuesday

    assert local_day(one_thirty, "UTC", 4) == date(2026, 3, 2)
    assert local_day(one_thirty, "UTC", 0) == date(2026, 3, 3)


def test_spring_forward_day_lasts_23_hours_and_fall_back_25() -> None:
    assert day_length(date(2026, 3, 29), "Europe/Berlin") == timedelta(hours=23)
    assert day_length(date(2026, 10, 25), "Europe/Berlin") == timedelta(hours=25)
    assert day_length(date(2026, 3, 8), "America/New_York", 2) == timedelta(hours=23)
    assert day_length(date(2026, 11, 1), "America/New_York", 1) == timedelta(hours=25)


def test_a_day_start_inside_the_gap_begins_when_the_clocks_jump() -> None:
    start = day_start(date(2026, 3, 29), "Europe/Berlin", 2)  # 02:00 does not exist

    assert start == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)  # 03:00 CEST


@given(instant=instants, time_zone=zones, hour=hours)
def test_every_instant_lies_inside_its_local_day(
    instant: datetime, time_zone: str, hour: int
) -> None:
    day = local_day(instant, time_zone, hour)

    assert (
        day_start(day, time_zone, hour)
        <= instant
        < day_start(day + timedelta(days=1), time_zone, hour)
    )


@given(day=st.dates(date(2020, 1, 1), date(2030, 12, 31)), time_zone=zones, hour=hours)
def test_days_follow_each_other_without_overlap_or_gap(
    day: date, time_zone: str, hour: int
) -> None:
    length = day_length(day, time_zone, hour)

    assert timedelta(hours=22) <= length <= timedelta(hours=26)
    assert local_day(day_start(day, time_zone, hour), time_zone, hour) == day


@given(start=instants, time_zone=zones, hour=hours, span=st.integers(1, 60 * 24 * 40))
def test_one_zone_lives_every_date_once(
    start: datetime, time_zone: str, hour: int, span: int
) -> None:
    until = start + timedelta(minutes=span)

    days = lived_days([ZonePeriod(start, time_zone)], until, hour)

    assert days == sorted(set(days))
    assert all(b - a == timedelta(days=1) for a, b in pairwise(days))
    assert days[0] == local_day(start, time_zone, hour)


@given(
    start=instants,
    trips=st.lists(st.tuples(st.integers(60, 60 * 24 * 5), zones), min_size=1, max_size=6),
    hour=hours,
)
def test_travel_never_repeats_a_date_and_only_skips_what_the_clock_skipped(
    start: datetime, trips: list[tuple[int, str]], hour: int
) -> None:
    periods, moment = [ZonePeriod(start, "UTC")], start
    for minutes, time_zone in trips:
        moment += timedelta(minutes=minutes)
        periods.append(ZonePeriod(moment, time_zone))
    until = moment + timedelta(days=1)

    days = lived_days(periods, until, hour)

    assert len(days) == len(set(days))
    assert local_day(start, "UTC", hour) in days
    assert all(local_day(period.since, period.time_zone, hour) in days for period in periods)
    # a date can be skipped only by a jump of local time, never by more than one date
    assert all((b - a).days <= 2 for a, b in pairwise(days))


def test_flying_west_relives_a_date_once() -> None:
    tokyo_evening = datetime(2026, 5, 5, 11, 0, tzinfo=UTC)  # 20:00 in Tokyo on the 5th
    landed = tokyo_evening + timedelta(hours=2)  # 06:00 on the 5th in Los Angeles
    periods = [ZonePeriod(tokyo_evening, "Asia/Tokyo"), ZonePeriod(landed, "America/Los_Angeles")]

    assert lived_days(periods, landed + timedelta(hours=5)) == [date(2026, 5, 5)]


def test_yesterday_is_accepted_within_the_grace_window_only() -> None:
    early = datetime(2026, 3, 3, 7, 0, tzinfo=UTC)
    late = datetime(2026, 3, 3, 13, 0, tzinfo=UTC)

    assert check_in_day(early, "UTC", 4, for_yesterday=True, grace_hours=6) == date(2026, 3, 2)
    with pytest.raises(ValidationFailed):
        check_in_day(late, "UTC", 4, for_yesterday=True, grace_hours=6)
