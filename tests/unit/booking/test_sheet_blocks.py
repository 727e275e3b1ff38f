"""Blocks staff type into the sheet ("busy", a name) are read back as busy time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from booking_configs import salon_data

from sleeplab_core.booking.availability import available_starts
from sleeplab_core.booking.config import parse_config
from sleeplab_core.booking.model import Interval
from sleeplab_core.booking.sheets import staff_blocks

CONFIG = parse_config(salon_data())  # Europe/Berlin
TODAY = date(2026, 3, 27)


def staff(day: str, full: str, time: str, *typed: str) -> tuple[str, ...]:
    cells = [day, full, time, *typed]
    return tuple(cells + [""] * (8 - len(cells)))


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def test_a_typed_time_lasts_one_slot_a_range_or_the_named_service() -> None:
    reading = staff_blocks(CONFIG, {"Анна": [
        staff("", "30.03.2026", "10:00", "", "busy"),
        staff("", "30.03.2026", "12:00-14:30", "", "Мария (врач)"),
        staff("", "31.03.2026", "09:00", "", "", "haircut"),
    ]}, TODAY)  # fmt: skip
    assert [(b.specialist_id, b.interval, b.label) for b in reading.blocks] == [
        ("anna", Interval(utc(2026, 3, 30, 8), utc(2026, 3, 30, 8, 30)), "busy"),
        ("anna", Interval(utc(2026, 3, 30, 10), utc(2026, 3, 30, 12, 30)), "Мария (врач)"),
        ("anna", Interval(utc(2026, 3, 31, 7), utc(2026, 3, 31, 7, 30)), "haircut"),
    ]
    assert reading.unreadable == ()


def test_the_bots_own_rows_empty_rows_and_unknown_worksheets_are_not_blocks() -> None:
    own = ("30.03", "30.03.2026", "10:00", "1", "Kim", "Маникюр", "confirmed", "b1")
    reading = staff_blocks(CONFIG, {
        "Анна": [own, staff("", "", ""), ("30.03",)],
        "Someone else": [staff("", "30.03.2026", "10:00", "", "busy")],
    }, TODAY)  # fmt: skip
    assert reading.blocks == ()
    assert reading.unreadable == ()


def test_a_short_date_takes_the_nearest_year() -> None:
    reading = staff_blocks(CONFIG, {"Мария": [
        staff("02.01", "", "11:00", "", "отпуск"),
        staff("28.12", "", "11:00", "", "busy"),
    ]}, date(2026, 12, 30))  # fmt: skip
    assert [b.interval.start.date() for b in reading.blocks] == [date(2027, 1, 2),
                                                                 date(2026, 12, 28)]  # fmt: skip


def test_impossible_dates_and_times_are_reported_never_guessed() -> None:
    reading = staff_blocks(CONFIG, {"Анна": [
        staff("", "31.02.2026", "10:00", "", "busy"),
        staff("", "30.03.2026", "25:00", "", "busy"),
        staff("", "30.03.2026", "10:75", "", "busy"),
        staff("", "30.03.2026", "14:00-13:00", "", "busy"),
        staff("", "", "10:00", "", "busy"),
    ]}, TODAY)  # fmt: skip
    assert reading.blocks == ()
    assert len(reading.unreadable) == 5
    assert reading.unreadable[0] == "Анна row 2: '31.02.2026 10:00'"


def test_local_times_hold_across_the_spring_forward_day() -> None:
    # Berlin moves its clocks on 29 March 2026: 10:00 is 08:00 UTC after, 09:00 UTC before.
    reading = staff_blocks(CONFIG, {"Анна": [
        staff("", "28.03.2026", "10:00-11:00", "", "busy"),
        staff("", "29.03.2026", "02:00-03:30", "", "busy"),  # starts inside the gap
        staff("", "30.03.2026", "10:00-11:00", "", "busy"),
    ]}, TODAY)  # fmt: skip
    starts = [b.interval.start for b in reading.blocks]
    assert starts[0] == utc(2026, 3, 28, 9)
    assert starts[-1] == utc(2026, 3, 30, 8)
    assert reading.blocks[1].interval.end == utc(2026, 3, 29, 1, 30)


def test_the_engine_offers_nothing_over_a_staff_block() -> None:
    (block,) = staff_blocks(
        CONFIG, {"Анна": [staff("", "30.03.2026", "10:00-12:00", "", "busy")]}, TODAY
    ).blocks
    now, day = utc(2026, 3, 27, 8), date(2026, 3, 30)
    free = available_starts(CONFIG, "haircut", "anna", [], now, day, day)
    blocked = available_starts(CONFIG, "haircut", "anna", [block.interval], now, day, day)
    half_hour = timedelta(minutes=30)
    assert any(block.interval.overlaps(Interval(s, s + half_hour)) for s in free)
    assert not any(block.interval.overlaps(Interval(s, s + half_hour)) for s in blocked)
    assert utc(2026, 3, 30, 10) in blocked  # 12:00 local, right after the block
