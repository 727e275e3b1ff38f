from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleeplab_core.booking.parsing.dates import When, parse_when
from sleeplab_core.booking.parsing.model import Problem

WEDNESDAY = date(2026, 6, 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tomorrow after 3", When(date(2026, 6, 4), time(15), None)),
        ("завтра после 15:00", When(date(2026, 6, 4), time(15), None)),
        ("перенесите меня на пятницу", When(date(2026, 6, 5))),
        ("on friday", When(date(2026, 6, 5))),
        ("next wednesday", When(date(2026, 6, 10))),
        ("в понедельник утром", When(date(2026, 6, 8), time(8), time(12))),
        ("day after tomorrow in the evening", When(date(2026, 6, 5), time(17), time(21))),
        ("послезавтра в 11", When(date(2026, 6, 5), time(11), time(11))),
        ("12 June at 15:30", When(date(2026, 6, 12), time(15, 30), time(15, 30))),
        ("June 12th", When(date(2026, 6, 12))),
        ("12 июня до 12", When(date(2026, 6, 12), None, time(12))),
        ("12.06 в 15:30", When(date(2026, 6, 12), time(15, 30), time(15, 30))),
        ("через 2 дня с 10 до 12", When(date(2026, 6, 5), time(10), time(12))),
        ("at 11am", When(None, time(11), time(11))),
        ("at 2pm", When(None, time(14), time(14))),
        ("5 мая", When(date(2027, 5, 5))),  # a passed day-month means next year
        ("hello there", When()),
    ],
)
def test_dates_and_times_in_english_and_russian(text: str, expected: When) -> None:
    assert parse_when(text, WEDNESDAY) == expected


@pytest.mark.parametrize("text", ["31 February", "31 февраля", "30.02", "February 30th"])
def test_a_date_that_does_not_exist_is_reported_not_guessed(text: str) -> None:
    when = parse_when(text, WEDNESDAY)
    assert when.problem is Problem.INVALID_DATE
    assert when.day is None


@pytest.mark.parametrize("text", ["yesterday", "вчера", "01.06.2026", "1 June 2020"])
def test_a_past_date_is_reported(text: str) -> None:
    assert parse_when(text, WEDNESDAY).problem is Problem.PAST_DATE


@given(st.text(max_size=80))
def test_any_text_parses_without_error_and_never_before_today_unflagged(text: str) -> None:
    when = parse_when(text, WEDNESDAY)
    if when.day is not None and when.day < WEDNESDAY:
        assert when.problem is Problem.PAST_DATE
