"""Quiet hours: when a message may reach a person, in their own time zone.

Pure functions over stdlib ``zoneinfo``. Wall-clock times are compared in the user's zone,
so "22:00–09:00" means the same to the user in winter and in summer; daylight-saving gaps
and repeated hours are handled by checking the real instants, never the wall clock alone.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from sleeplab_core.kernel.errors import ValidationFailed


@attrs.frozen
class QuietHours:
    """Local wall-clock hours during which nothing is sent: ``[start, end)``.

    ``start > end`` wraps midnight (22:00–09:00). ``start == end`` means no quiet hours.
    """

    start: time = time(22, 0)
    end: time = time(9, 0)

    def contains(self, wall: time) -> bool:
        wall = wall.replace(tzinfo=None, fold=0)
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= wall < self.end
        return wall >= self.start or wall < self.end


def zone(name: str) -> ZoneInfo:
    """The IANA time zone ``name``. Raises ValidationFailed for an unknown name."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationFailed(
            f"unknown time zone {name!r}; use an IANA name such as 'Europe/Moscow'",
            field="time_zone",
        ) from error


def is_quiet(moment: datetime, time_zone: str, quiet: QuietHours) -> bool:
    """Whether ``moment`` (aware) falls in ``quiet`` hours in ``time_zone``."""
    return quiet.contains(moment.astimezone(zone(time_zone)).time())


def next_allowed_send(desired: datetime, time_zone: str, quiet: QuietHours) -> datetime:
    """The earliest instant at or after ``desired`` outside ``quiet`` hours, in UTC.

    Args:
        desired: when the message would ideally go out (aware).
        time_zone: the recipient's IANA time zone.
        quiet: their quiet hours, in local wall-clock time.

    Raises:
        ValidationFailed: ``desired`` is naive or the time zone is unknown.
    """
    if desired.tzinfo is None:
        raise ValidationFailed("the desired send time must be timezone-aware", field="desired")
    tz = zone(time_zone)
    desired = desired.astimezone(UTC)
    if not is_quiet(desired, time_zone, quiet):
        return desired
    candidates = [
        instant
        for days in (-1, 0, 1, 2)
        for instant in _quiet_ends(desired.astimezone(tz).date() + timedelta(days=days), tz, quiet)
        if instant >= desired and not quiet.contains(instant.astimezone(tz).time())
    ]
    return min(candidates)


def _quiet_ends(day: date, tz: ZoneInfo, quiet: QuietHours) -> list[datetime]:
    """The instants on local ``day`` when the wall clock reaches ``quiet.end``.

    Two in a repeated hour (both folds); in a daylight-saving gap that swallows the end,
    the moment the clock jumps (the first instant after the gap).
    """
    folds = [
        datetime.combine(day, quiet.end, tzinfo=tz).replace(fold=fold).astimezone(UTC)
        for fold in (0, 1)
    ]
    if all(instant.astimezone(tz).time() == quiet.end for instant in folds):
        return folds
    return [_transition_between(min(folds), max(folds), tz)]


def _transition_between(before: datetime, after: datetime, tz: ZoneInfo) -> datetime:
    """The first whole second after ``before`` with ``after``'s UTC offset (bisection)."""
    target = after.astimezone(tz).utcoffset()
    low, high = math.floor(before.timestamp()), math.ceil(after.timestamp())
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, UTC).astimezone(tz).utcoffset() == target:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, UTC)
