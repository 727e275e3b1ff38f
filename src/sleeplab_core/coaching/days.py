"""The user's local day: the calendar date they are living, with their own day-start hour.

A check-in, a streak and a rollover are keyed by this date, never by a UTC offset. Before the
day-start hour it is still yesterday (a night owl with day start 04:00 who checks in at 01:30
on Tuesday checks in for Monday). The zone is an IANA name, so 23- and 25-hour days come from
the tz database; a zone change (travel) is a :class:`ZonePeriod` boundary.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import attrs

from sleeplab_core.jobs.quiet_hours import zone
from sleeplab_core.kernel.errors import ValidationFailed

MAX_DAY_START_HOUR = 12


def check_day_start(hour: int) -> int:
    """``hour`` when it is a valid day-start hour (0–12). Raises ValidationFailed."""
    if not 0 <= hour <= MAX_DAY_START_HOUR:
        raise ValidationFailed(
            f"the day must start between 00:00 and {MAX_DAY_START_HOUR}:00", field="day_start"
        )
    return hour


def local_day(instant: datetime, time_zone: str, day_start_hour: int = 0) -> date:
    """The local date the user is living at ``instant`` (aware) in ``time_zone``."""
    if instant.tzinfo is None:
        raise ValidationFailed("the instant must be timezone-aware", field="instant")
    local = instant.astimezone(zone(time_zone))
    return (local.replace(tzinfo=None) - timedelta(hours=day_start_hour)).date()


def day_start(day: date, time_zone: str, day_start_hour: int = 0) -> datetime:
    """The UTC instant local ``day`` begins: its day-start hour, or the first instant after a
    daylight-saving gap that swallows it; the earlier one in a repeated hour."""
    tz = zone(time_zone)
    wall = datetime.combine(day, time(day_start_hour), tzinfo=tz)
    return first_instant_at(wall, tz)


def first_instant_at(wall: datetime, tz: ZoneInfo) -> datetime:
    """The UTC instant a local wall-clock time first occurs, or the end of its gap."""
    earlier = wall.replace(fold=0).astimezone(UTC)
    if earlier.astimezone(tz).replace(tzinfo=None) == wall.replace(tzinfo=None):
        return earlier
    # A gap: fold=0 uses the offset before the jump, so the instant lands after the jump.
    # The clocks jump at the transition; that is the first valid instant after the gap.
    return _gap_end(wall, tz)


def _gap_end(wall: datetime, tz: ZoneInfo) -> datetime:
    before = wall.replace(fold=1).astimezone(UTC)  # offset after the jump: earlier instant
    after = wall.replace(fold=0).astimezone(UTC)
    low, high = int(before.timestamp()), int(after.timestamp()) + 1
    target = after.astimezone(tz).utcoffset()
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, UTC).astimezone(tz).utcoffset() == target:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, UTC)


def day_length(day: date, time_zone: str, day_start_hour: int = 0) -> timedelta:
    """How long local ``day`` lasts (23 h or 25 h across daylight-saving changes)."""
    return day_start(day + timedelta(days=1), time_zone, day_start_hour) - day_start(
        day, time_zone, day_start_hour
    )


@attrs.frozen
class ZonePeriod:
    """The user lived in ``time_zone`` from ``since`` (aware) until the next period."""

    since: datetime
    time_zone: str


def lived_days(
    periods: Sequence[ZonePeriod], until: datetime, day_start_hour: int = 0
) -> list[date]:
    """Every local date the user lived through from the first period to ``until``, in order.

    Travel west repeats a date (it appears once); travel east may skip a date, which is then
    not a day the user lived and can never count as missed.
    """
    days: set[date] = set()
    ordered = sorted(periods, key=lambda period: period.since)
    for period, following in zip(ordered, [*ordered[1:], None], strict=True):
        end = until if following is None else min(following.since, until)
        if end <= period.since:
            continue
        first = local_day(period.since, period.time_zone, day_start_hour)
        last = local_day(end - timedelta(microseconds=1), period.time_zone, day_start_hour)
        days.update(_dates_between(first, last))
    return sorted(days)


def _dates_between(first: date, last: date) -> Iterable[date]:
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)


def check_in_day(
    now: datetime,
    time_zone: str,
    day_start_hour: int,
    *,
    for_yesterday: bool = False,
    grace_hours: int = 0,
) -> date:
    """The day a check-in made at ``now`` counts for.

    ``for_yesterday`` logs the previous day, accepted only within ``grace_hours`` after
    today's start ("I did it last night but forgot to log it").

    Raises:
        ValidationFailed: yesterday asked for after the grace window.
    """
    today = local_day(now, time_zone, day_start_hour)
    if not for_yesterday:
        return today
    window_end = day_start(today, time_zone, day_start_hour) + timedelta(hours=grace_hours)
    if now >= window_end:
        raise ValidationFailed("yesterday can no longer be logged", field="day")
    return today - timedelta(days=1)
