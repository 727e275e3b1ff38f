"""Quiet hours: the next allowed send time in the user's zone, across daylight saving."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from sleeplab_core.jobs import QuietHours, is_quiet, next_allowed_send
from sleeplab_core.kernel.errors import ValidationFailed

NIGHT = QuietHours(time(22, 0), time(9, 0))
ZONES = (
    "UTC",
    "Europe/Moscow",
    "Europe/Berlin",
    "America/New_York",
    "America/Santiago",
    "Australia/Lord_Howe",  # a 30-minute daylight-saving shift
    "Asia/Kolkata",
    "Pacific/Chatham",
    "Pacific/Apia",  # skipped a whole day in 2011
)

instants = st.datetimes(
    min_value=datetime(2005, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
)
wall_times = st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))
quiet_hours = st.builds(QuietHours, wall_times, wall_times)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def test_a_time_outside_quiet_hours_is_kept() -> None:
    desired = utc(2026, 3, 1, 12, 0)  # 15:00 in Moscow

    assert next_allowed_send(desired, "Europe/Moscow", NIGHT) == desired


def test_a_time_in_the_evening_quiet_hours_moves_to_the_next_morning() -> None:
    desired = utc(2026, 3, 1, 20, 0)  # 23:00 in Moscow

    assert next_allowed_send(desired, "Europe/Moscow", NIGHT) == utc(2026, 3, 2, 6, 0)


def test_a_time_in_the_early_morning_moves_to_the_same_morning() -> None:
    desired = utc(2026, 3, 1, 2, 0)  # 05:00 in Moscow

    assert next_allowed_send(desired, "Europe/Moscow", NIGHT) == utc(2026, 3, 1, 6, 0)


def test_the_end_of_quiet_hours_is_local_wall_time_in_summer_and_winter() -> None:
    winter = next_allowed_send(utc(2026, 1, 15, 23, 0), "Europe/Berlin", NIGHT)
    summer = next_allowed_send(utc(2026, 7, 15, 23, 0), "Europe/Berlin", NIGHT)

    assert (winter, summer) == (utc(2026, 1, 16, 8, 0), utc(2026, 7, 16, 7, 0))


def test_quiet_hours_ending_inside_a_skipped_hour_end_when_the_clock_jumps() -> None:
    # Berlin skips 02:00-03:00 on 29 March 2026 (at 01:00 UTC).
    quiet = QuietHours(time(22, 0), time(2, 30))

    allowed = next_allowed_send(utc(2026, 3, 28, 23, 0), "Europe/Berlin", quiet)

    assert allowed == utc(2026, 3, 29, 1, 0)


def test_quiet_hours_ending_inside_a_repeated_hour_end_at_its_first_pass() -> None:
    # New York repeats 01:00-02:00 on 1 November 2026 (EDT, then EST).
    quiet = QuietHours(time(22, 0), time(1, 30))

    allowed = next_allowed_send(utc(2026, 11, 1, 3, 0), "America/New_York", quiet)

    assert allowed == utc(2026, 11, 1, 5, 30)  # 01:30 EDT


def test_equal_start_and_end_mean_no_quiet_hours() -> None:
    desired = utc(2026, 3, 1, 0, 0)

    assert next_allowed_send(desired, "Europe/Moscow", QuietHours(time(9), time(9))) == desired


def test_an_unknown_time_zone_is_refused_with_a_hint() -> None:
    with pytest.raises(ValidationFailed, match="IANA"):
        next_allowed_send(utc(2026, 3, 1, 0, 0), "Mars/Olympus", NIGHT)


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="aware"):
        next_allowed_send(datetime(2026, 3, 1), "UTC", NIGHT)


@given(desired=instants, zone=st.sampled_from(ZONES), quiet=quiet_hours)
@example(
    desired=utc(2026, 11, 1, 5, 45),
    zone="America/New_York",
    quiet=QuietHours(time(22), time(1, 30)),
)
@example(desired=utc(2011, 12, 30, 9, 0), zone="Pacific/Apia", quiet=NIGHT)
@example(desired=utc(2026, 3, 29, 0, 30), zone="Europe/Berlin", quiet=QuietHours(time(1), time(2)))
def test_the_allowed_time_is_never_earlier_never_quiet_and_the_earliest_such(
    desired: datetime, zone: str, quiet: QuietHours
) -> None:
    allowed = next_allowed_send(desired, zone, quiet)

    assert allowed >= desired
    assert not is_quiet(allowed, zone, quiet)
    one_second_earlier = allowed - timedelta(seconds=1)
    assert (
        allowed == desired
        or one_second_earlier < desired
        or is_quiet(one_second_earlier, zone, quiet)
    )


@given(desired=instants, zone=st.sampled_from(ZONES), quiet=quiet_hours)
def test_asking_again_at_the_allowed_time_changes_nothing(
    desired: datetime, zone: str, quiet: QuietHours
) -> None:
    allowed = next_allowed_send(desired, zone, quiet)

    assert next_allowed_send(allowed, zone, quiet) == allowed


@given(desired=instants, zone=st.sampled_from(ZONES))
def test_a_message_waits_less_than_a_day(desired: datetime, zone: str) -> None:
    assert next_allowed_send(desired, zone, NIGHT) - desired < timedelta(hours=24)
