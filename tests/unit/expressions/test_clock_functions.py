"""Clock-time arithmetic: minutes_between and hours_between over 'HH:MM' strings."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleeplab_core.kernel.expressions import (
    ExpressionError,
    hours_between,
    minutes_between,
    parse,
)

minutes_of_day = st.integers(0, 24 * 60 - 1)


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


clock_times = minutes_of_day.map(clock)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("minutes_between('23:00', '07:00')", 480),
        ("minutes_between('07:00', '23:00')", 960),
        ("minutes_between('00:00', '23:59')", 1439),
        ("minutes_between('23:59', '00:00')", 1),
        ("minutes_between('22:45', '22:45')", 0),
        ("hours_between('23:00', '06:30')", 7.5),
        ("hours_between('23:30', '23:30')", 0.0),
        ("minutes_between(bedtime, rise_time)", 450),
        ("sleep_hours * 60 <= minutes_between(bedtime, rise_time)", True),
        ("round(hours_between(bedtime, '07:10'), 1)", 7.7),
    ],
)
def test_clock_functions_measure_forward_across_midnight(source: str, expected: object) -> None:
    env = {"bedtime": "23:30", "rise_time": "07:00", "sleep_hours": 7}

    value = parse(source).evaluate(env)

    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize(
    "source",
    [
        "minutes_between(missing, '07:00')",
        "minutes_between('23:00', null)",
        "minutes_between('24:00', '07:00')",
        "minutes_between('23:60', '07:00')",
        "minutes_between('7:00', '23:00')",
        "minutes_between('23:00 ', '07:00')",
        "minutes_between(2300, '07:00')",
        "minutes_between(['23:00'], '07:00')",
        "minutes_between(true, '07:00')",
        "hours_between('noon', '07:00')",
    ],
)
def test_clock_functions_give_null_for_anything_but_two_clock_times(source: str) -> None:
    assert parse(source).evaluate({}) is None


def test_a_comparison_with_a_missing_clock_time_is_false() -> None:
    assert (
        parse("90 <= minutes_between(bedtime, rise_time)").evaluate({"bedtime": "23:00"}) is False
    )


@pytest.mark.parametrize(
    "source",
    [
        "minutes_between('23:00')",
        "minutes_between('23:00', '07:00', '08:00')",
        "hours_between()",
    ],
)
def test_clock_functions_take_exactly_two_arguments(source: str) -> None:
    with pytest.raises(ExpressionError, match="takes two clock times"):
        parse(source)


def test_clock_function_calls_print_and_parse_back() -> None:
    expression = parse("minutes_between(a, b) >= 60 * hours_between(b, a)")

    assert parse(expression.canonical).tree == expression.tree


@given(clock_times, clock_times)
def test_minutes_between_is_within_one_day(start: str, end: str) -> None:
    assert 0 <= minutes_between(start, end) < 24 * 60  # type: ignore[operator]


@given(clock_times, clock_times)
def test_there_and_back_is_a_whole_day_unless_the_times_are_equal(start: str, end: str) -> None:
    there, back = minutes_between(start, end), minutes_between(end, start)

    assert there is not None
    assert back is not None
    assert there + back == (0 if start == end else 24 * 60)


@given(minutes_of_day, st.integers(0, 24 * 60 - 1))
def test_adding_minutes_to_a_clock_time_is_measured_back(start: int, added: int) -> None:
    end = (start + added) % (24 * 60)

    assert minutes_between(clock(start), clock(end)) == added


@given(clock_times, clock_times)
def test_hours_between_is_minutes_between_in_hours(start: str, end: str) -> None:
    minutes = minutes_between(start, end)

    assert minutes is not None
    assert hours_between(start, end) == pytest.approx(minutes / 60)
    assert parse(f"hours_between('{start}', '{end}')").evaluate({}) == hours_between(start, end)
