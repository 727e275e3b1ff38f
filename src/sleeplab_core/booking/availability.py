"""The availability engine: which starts a service can be booked at. Pure functions.

A start ``s`` of service ``v`` with specialist ``p`` is offered iff:

- ``[s, s + v.slots × slot)`` lies inside one of ``p``'s working intervals that day (weekly
  hours minus breaks and days off, in the salon's zone), on the grid stepping by ``slot``
  from that interval's start;
- ``now + min_notice ≤ s < now + horizon``;
- ``[s − v.buffer_before, end + v.buffer_after)`` overlaps no busy interval of ``p`` (busy
  intervals are other bookings' occupied intervals, buffers included, and live holds).

Intervals are half-open, so back-to-back bookings are allowed. The busy intervals may come
in any order.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta

import attrs

from sleeplab_core.booking.config import SalonConfig, Service
from sleeplab_core.booking.errors import SlotTaken, SlotUnavailable
from sleeplab_core.booking.model import Interval, Slot
from sleeplab_core.booking.schedule import merge, working_intervals


@attrs.frozen
class SlotQuery:
    """What a client asked for: a service, maybe a specialist, local days and times of day."""

    service_id: str
    first_day: date
    last_day: date  # inclusive
    specialist_id: str | None = None
    not_before: time | None = None  # local time of day
    not_after: time | None = None  # local time of day, the latest start


def appointment_of(config: SalonConfig, service: Service, start: datetime) -> Interval:
    return Interval(start, start + timedelta(minutes=service.slots * config.slot_minutes))


def occupied_of(config: SalonConfig, service: Service, start: datetime) -> Interval:
    """The appointment widened by the service's buffers: what the booking blocks."""
    return appointment_of(config, service, start).widened(
        timedelta(minutes=service.buffer_before), timedelta(minutes=service.buffer_after)
    )


class _Busy:
    """Busy intervals merged once, answering overlap questions by binary search."""

    def __init__(self, busy: Iterable[Interval]) -> None:
        self._merged = merge(busy)
        self._ends = [interval.end for interval in self._merged]

    def overlaps(self, start: datetime, end: datetime) -> bool:
        """Whether ``[start, end)`` overlaps any busy interval."""
        index = bisect.bisect_right(self._ends, start)
        return index < len(self._merged) and self._merged[index].start < end


def available_starts(
    config: SalonConfig,
    service_id: str,
    specialist_id: str,
    busy: Iterable[Interval],
    now: datetime,
    first_day: date,
    last_day: date,
) -> list[datetime]:
    """Every offered start (UTC, ascending) for the specialist on local days in the range."""
    service = config.service(service_id)
    specialist = config.specialist(specialist_id)
    if service.specialists is not None and specialist_id not in service.specialists:
        return []
    blocked = _Busy(busy)
    earliest = now + timedelta(minutes=config.min_notice)
    horizon = now + timedelta(days=config.horizon_days)
    step = timedelta(minutes=config.slot_minutes)
    length = step * service.slots
    # occupied_of(start) is [start - before, start + after_end): kept as offsets in the loop.
    before = timedelta(minutes=service.buffer_before)
    after_end = length + timedelta(minutes=service.buffer_after)
    starts: list[datetime] = []
    day = first_day
    while day <= last_day:
        for window in working_intervals(config, specialist, day):
            start = window.start
            while start + length <= window.end and start < horizon:
                if start >= earliest and not blocked.overlaps(start - before, start + after_end):
                    starts.append(start)
                start += step
        day += timedelta(days=1)
    return starts


def find_slots(
    config: SalonConfig,
    query: SlotQuery,
    busy: Mapping[str, Iterable[Interval]],
    now: datetime,
) -> list[Slot]:
    """Offered slots across the specialists who fit ``query``, by start then config order."""
    specialists = [
        s.id
        for s in config.specialists_for(query.service_id)
        if query.specialist_id in (None, s.id)
    ]
    slots = [
        Slot(specialist_id, start)
        for specialist_id in specialists
        for start in available_starts(
            config, query.service_id, specialist_id, busy.get(specialist_id, ()),
            now, query.first_day, query.last_day,
        )
        if _within_times(config, query, start)
    ]  # fmt: skip
    order = {s: index for index, s in enumerate(specialists)}
    return sorted(slots, key=lambda slot: (slot.start, order[slot.specialist_id]))


def _within_times(config: SalonConfig, query: SlotQuery, start: datetime) -> bool:
    local = start.astimezone(config.zone).time()
    if query.not_before is not None and local < query.not_before:
        return False
    return query.not_after is None or local <= query.not_after


def check_start(
    config: SalonConfig,
    service_id: str,
    specialist_id: str,
    start: datetime,
    busy: Iterable[Interval],
    now: datetime,
) -> None:
    """Accept ``start`` only if the engine offers it.

    Raises:
        SlotTaken: the start would be offered but busy time overlaps it.
        SlotUnavailable: saying why (unknown service or specialist, or not offered).
    """
    if not config.has_service(service_id):
        raise SlotUnavailable(f"unknown service {service_id!r}")
    if not config.has_specialist(specialist_id):
        raise SlotUnavailable(f"unknown specialist {specialist_id!r}")
    day = start.astimezone(config.zone).date()
    offered = available_starts(config, service_id, specialist_id, busy, now, day, day)
    if start in offered:
        return
    if start in available_starts(config, service_id, specialist_id, (), now, day, day):
        raise SlotTaken(specialist_id, start)
    raise SlotUnavailable(f"{start.isoformat()} is not an offered start")
