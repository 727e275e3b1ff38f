"""Properties of the availability engine over random salons, bookings and DST dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from booking_configs import salon
from hypothesis import given, settings
from hypothesis import strategies as st

from sleeplab_core.booking.availability import available_starts, occupied_of
from sleeplab_core.booking.config import SalonConfig
from sleeplab_core.booking.model import Interval
from sleeplab_core.booking.schedule import working_intervals

ZONES = ("Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC")
# Days around DST changes in those zones, and ordinary days.
DAYS = (
    date(2026, 3, 8), date(2026, 3, 29), date(2026, 4, 5), date(2026, 10, 4),
    date(2026, 10, 25), date(2026, 11, 1), date(2026, 6, 17),
)  # fmt: skip


@st.composite
def salons(draw: st.DrawFn) -> SalonConfig:
    opening = draw(st.integers(0, 10)) * 60
    closing = draw(st.integers(opening // 60 + 2, 24)) * 60
    hours = [f"{opening // 60:02}:00-{closing // 60:02}:{0:02}" if closing < 1440 else
             f"{opening // 60:02}:00-24:00"]  # fmt: skip
    every_day = dict.fromkeys(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), hours)
    return salon(
        time_zone=draw(st.sampled_from(ZONES)),
        slot_minutes=draw(st.sampled_from([15, 30, 60])),
        min_notice=draw(st.sampled_from([0, 30, 120])),
        hours=every_day,
        breaks=draw(st.sampled_from([[], ["02:30-03:00"], ["13:00-13:30"]])),
    )


@st.composite
def busy_intervals(draw: st.DrawFn, day: date) -> list[Interval]:
    base = datetime(day.year, day.month, day.day, tzinfo=UTC) - timedelta(hours=14)
    result = []
    for _ in range(draw(st.integers(0, 8))):
        start = base + timedelta(minutes=5 * draw(st.integers(0, 12 * 40)))
        result.append(Interval(start, start + timedelta(minutes=5 * draw(st.integers(1, 30)))))
    return result


scenario = st.tuples(salons(), st.sampled_from(DAYS)).flatmap(
    lambda pair: st.tuples(
        st.just(pair[0]),
        st.just(pair[1]),
        busy_intervals(pair[1]),
        st.sampled_from(["haircut", "manicure", "coloring"]),
    )
)
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def offered(config: SalonConfig, day: date, busy: list[Interval], service: str) -> list[datetime]:
    return available_starts(config, service, "anna", busy, NOW, day, day)


@settings(max_examples=150, deadline=None)
@given(scenario)
def test_no_offered_slot_overlaps_busy_time_buffers_included(case) -> None:
    config, day, busy, service = case
    for start in offered(config, day, busy, service):
        occupied = occupied_of(config, config.service(service), start)
        assert not any(occupied.overlaps(interval) for interval in busy)


@settings(max_examples=150, deadline=None)
@given(scenario)
def test_every_offered_slot_lies_inside_working_hours(case) -> None:
    config, day, busy, service = case
    windows = working_intervals(config, config.specialist("anna"), day)
    length = timedelta(minutes=config.slot_minutes * config.service(service).slots)
    for start in offered(config, day, busy, service):
        appointment = Interval(start, start + length)
        assert any(window.contains(appointment) for window in windows)
        assert start.astimezone(config.zone).date() == day


@settings(max_examples=100, deadline=None)
@given(scenario, st.randoms(use_true_random=False))
def test_the_offer_does_not_depend_on_the_order_of_bookings(case, random) -> None:
    config, day, busy, service = case
    shuffled = list(busy)
    random.shuffle(shuffled)
    assert offered(config, day, busy, service) == offered(config, day, shuffled, service)


@settings(max_examples=100, deadline=None)
@given(scenario)
def test_booking_an_offered_slot_removes_exactly_the_overlapping_ones(case) -> None:
    config, day, busy, service = case
    before = offered(config, day, busy, service)
    if not before:
        return
    taken = occupied_of(config, config.service(service), before[0])
    after = offered(config, day, [*busy, taken], service)
    assert before[0] not in after
    assert set(after) <= set(before)
    for start in set(before) - set(after):
        assert occupied_of(config, config.service(service), start).overlaps(taken)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(ZONES), st.sampled_from(DAYS))
def test_a_round_the_clock_day_lasts_as_long_as_the_local_day(zone: str, day: date) -> None:
    config = salon(time_zone=zone, hours={"mon": [], "sun": ["00:00-24:00"]} | {
        d: ["00:00-24:00"] for d in ("tue", "wed", "thu", "fri", "sat", "mon")
    }, breaks=[], min_notice=0)  # fmt: skip
    windows = working_intervals(config, config.specialist("anna"), day)
    midnight = datetime(day.year, day.month, day.day).replace(tzinfo=config.zone)
    next_midnight = (midnight + timedelta(days=1)).replace(tzinfo=config.zone)
    length = next_midnight.astimezone(UTC) - midnight.astimezone(UTC)
    assert sum((w.end - w.start for w in windows), timedelta()) == length
    assert length in {timedelta(hours=23), timedelta(hours=24), timedelta(hours=25)}
