"""Working time of a specialist on a local date, as UTC intervals (DST-correct).

Local wall-clock times become instants through the salon's IANA zone. A wall time that does
not exist (skipped by a spring-forward change) maps to the instant an hour later on the
clock, as ``zoneinfo`` does with ``fold=0``; a 23- or 25-hour day thus has 23 or 25 hours.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sleeplab_core.booking.config import WEEKDAYS, SalonConfig, Specialist, TimeRange
from sleeplab_core.booking.model import Interval


def local_instant(day: date, minute: int, zone: ZoneInfo) -> datetime:
    """The UTC instant of ``minute`` minutes after local midnight of ``day`` (1440 = next 0:00)."""
    extra_day, minute_of_day = divmod(minute, 24 * 60)
    wall = datetime.combine(day + timedelta(days=extra_day), time()) + timedelta(
        minutes=minute_of_day
    )
    return wall.replace(tzinfo=zone).astimezone(UTC)


def local_interval(day: date, span: TimeRange, zone: ZoneInfo) -> Interval | None:
    """``span`` on ``day`` as an instant interval; None if DST leaves it empty."""
    start = local_instant(day, span.start_minute, zone)
    end = local_instant(day, span.end_minute, zone)
    return Interval(start, end) if start < end else None


def working_intervals(config: SalonConfig, specialist: Specialist, day: date) -> list[Interval]:
    """The specialist's hours on ``day`` minus breaks, sorted; empty on a day off."""
    if day in config.days_off or day in specialist.days_off:
        return []
    weekday = WEEKDAYS[day.weekday()]
    spans = specialist.hours.get(weekday, config.hours.get(weekday, []))
    zone = config.zone
    hours = _intervals(day, spans, zone)
    breaks = _intervals(day, (*config.breaks, *specialist.breaks), zone)
    return subtract(hours, breaks)


def _intervals(day: date, spans: Iterable[TimeRange], zone: ZoneInfo) -> list[Interval]:
    found = (local_interval(day, span, zone) for span in spans)
    return sorted((interval for interval in found if interval is not None), key=_bounds)


def _bounds(interval: Interval) -> tuple[datetime, datetime]:
    return interval.start, interval.end


def subtract(ranges: list[Interval], holes: list[Interval]) -> list[Interval]:
    """``ranges`` minus ``holes``, as sorted disjoint intervals."""
    result: list[Interval] = []
    for interval in merge(ranges):
        pieces = [interval]
        for hole in holes:
            pieces = [part for piece in pieces for part in _cut(piece, hole)]
        result.extend(pieces)
    return sorted(result, key=_bounds)


def _cut(piece: Interval, hole: Interval) -> list[Interval]:
    if not piece.overlaps(hole):
        return [piece]
    parts = []
    if piece.start < hole.start:
        parts.append(Interval(piece.start, hole.start))
    if hole.end < piece.end:
        parts.append(Interval(hole.end, piece.end))
    return parts


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted disjoint intervals covering the same time (touching ones stay apart)."""
    merged: list[Interval] = []
    for interval in sorted(intervals, key=_bounds):
        if merged and interval.start < merged[-1].end:
            last = merged.pop()
            interval = Interval(last.start, max(last.end, interval.end))
        merged.append(interval)
    return merged
