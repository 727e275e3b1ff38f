from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta

import pytest
from booking_configs import salon

from sleeplab_core.booking.availability import (
    SlotQuery,
    available_starts,
    check_start,
    find_slots,
    occupied_of,
)
from sleeplab_core.booking.errors import SlotUnavailable
from sleeplab_core.booking.model import Interval

# Monday 2026-06-01 in Berlin is UTC+2.
MONDAY = date(2026, 6, 1)
NOW = datetime(2026, 5, 31, 12, 0, tzinfo=UTC)


def berlin(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh - 2, mm, tzinfo=UTC)


def starts(service: str, specialist: str = "anna", busy=(), now=NOW, day=MONDAY, **kw):
    return available_starts(salon(**kw), service, specialist, busy, now, day, day)


def test_a_free_day_offers_the_grid_inside_hours_minus_the_break() -> None:
    offered = starts("haircut")
    assert offered[0] == berlin(MONDAY, 9)
    assert offered[-1] == berlin(MONDAY, 17, 30)
    assert berlin(MONDAY, 13) not in offered
    assert berlin(MONDAY, 13, 30) in offered
    assert len(offered) == 17


def test_a_long_service_must_fit_before_the_break_and_the_close() -> None:
    offered = starts("manicure")
    assert berlin(MONDAY, 12) in offered
    assert berlin(MONDAY, 12, 30) not in offered
    assert offered[-1] == berlin(MONDAY, 17)


def test_back_to_back_bookings_are_allowed_but_overlaps_are_not() -> None:
    busy = [Interval(berlin(MONDAY, 10), berlin(MONDAY, 11))]
    offered = starts("haircut", busy=busy)
    assert berlin(MONDAY, 9, 30) in offered
    assert berlin(MONDAY, 10) not in offered
    assert berlin(MONDAY, 10, 30) not in offered
    assert berlin(MONDAY, 11) in offered


def test_buffers_of_the_new_service_keep_it_clear_of_busy_time() -> None:
    config = salon()
    busy = [occupied_of(config, config.service("manicure"), berlin(MONDAY, 10))]  # to 11:10
    offered = starts("coloring", busy=busy)  # needs 15 min before
    assert berlin(MONDAY, 11) not in offered
    assert berlin(MONDAY, 11, 30) in offered


def test_minimum_notice_and_horizon_bound_the_offer() -> None:
    now = berlin(MONDAY, 9, 10)
    assert starts("haircut", now=now)[0] == berlin(MONDAY, 10, 30)
    config = salon(horizon_days=1)
    later = available_starts(
        config, "haircut", "anna", (), now, MONDAY + timedelta(days=1), MONDAY + timedelta(days=1)
    )
    assert later == [berlin(MONDAY + timedelta(days=1), 9)]


def test_days_off_and_weekday_overrides_per_specialist() -> None:
    saturday = MONDAY + timedelta(days=5)
    assert starts("haircut", "maria", day=saturday) == []
    assert starts("haircut", "anna", day=saturday)[0] == berlin(saturday, 10)
    assert starts("haircut", day=MONDAY, days_off=[MONDAY.isoformat()]) == []


def test_a_service_limited_to_some_specialists_is_not_offered_by_others() -> None:
    assert starts("coloring", "maria") == []


def test_find_slots_filters_by_time_of_day_and_orders_by_start() -> None:
    query = SlotQuery("haircut", MONDAY, MONDAY, not_before=time(15, 0))
    slots = find_slots(salon(), query, {}, NOW)
    assert slots[0].start == berlin(MONDAY, 15)
    assert [s.specialist_id for s in slots[:2]] == ["anna", "maria"]
    assert all(s.start >= berlin(MONDAY, 15) for s in slots)


def test_check_start_rejects_what_is_not_offered() -> None:
    config = salon()
    check_start(config, "haircut", "anna", berlin(MONDAY, 9), (), NOW)
    with pytest.raises(SlotUnavailable):
        check_start(config, "haircut", "anna", berlin(MONDAY, 9, 15), (), NOW)
    with pytest.raises(SlotUnavailable, match="unknown service"):
        check_start(config, "nails", "anna", berlin(MONDAY, 9), (), NOW)


@pytest.mark.parametrize(
    ("zone", "day", "hours"),
    [
        ("Europe/Berlin", date(2026, 3, 29), 23),  # spring forward
        ("Europe/Berlin", date(2026, 10, 25), 25),  # fall back
        ("America/New_York", date(2026, 3, 8), 23),
        ("America/New_York", date(2026, 11, 1), 25),
    ],
)
def test_a_round_the_clock_day_has_as_many_hours_as_the_dst_day(
    zone: str, day: date, hours: int
) -> None:
    config = salon(
        time_zone=zone,
        breaks=[],
        hours={"sun": ["00:00-24:00"]},
        specialists=[{"id": "anna", "name": {"en": "Anna", "ru": "Анна"}}],
        min_notice=0,
    )
    now = datetime(day.year, day.month, day.day, tzinfo=UTC) - timedelta(days=1)
    offered = available_starts(config, "haircut", "anna", (), now, day, day)
    assert len(offered) == hours * 2
    assert all(b - a == timedelta(minutes=30) for a, b in itertools.pairwise(offered))


def test_opening_hours_stay_on_the_local_clock_across_dst() -> None:
    before, after = date(2026, 3, 27), date(2026, 3, 30)  # Friday CET, Monday CEST
    config = salon()
    now = datetime(2026, 3, 1, tzinfo=UTC)
    first = [available_starts(config, "haircut", "anna", (), now, d, d)[0] for d in (before, after)]
    assert [s.astimezone(config.zone).time() for s in first] == [time(9), time(9)]
    assert [s.hour for s in first] == [8, 7]
