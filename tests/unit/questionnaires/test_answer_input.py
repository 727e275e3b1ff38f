"""What each question type accepts as input (docs/questionnaires.md, "Accepted input")."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleeplab_core.questionnaires import AnswerRejected, Question, parse_duration, read_answer


def question(kind: str, **fields: Any) -> Question:
    return Question(id="q", type=kind, text={"en": "Q?", "ru": "В?"}, **fields)


OPTIONS = [
    {"value": "never", "text": {"en": "Never", "ru": "Никогда"}},
    {"value": "often", "text": {"en": "Quite often", "ru": "Часто"}},
    {"value": "none", "text": {"en": "None of these", "ru": "Ничего"}, "exclusive": True},
]
SINGLE = question("single", options=OPTIONS[:2])
MULTIPLE = question("multiple", options=OPTIONS)
HEIGHT = question("integer", min=120, max=230, unit={"en": "cm", "ru": "см"})
WEIGHT = question("decimal", min=30, max=250, unit={"en": "kg", "ru": "кг"})
SLEEP = question("duration", min=60, max=960, duration_unit="hours")
LATENCY = question("duration", max=240)


def rejection(q: Question, raw: Any) -> str:
    with pytest.raises(AnswerRejected) as caught:
        read_answer(q, raw)
    return caught.value.reason.key


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("often", "often"),
        ("OFTEN", "often"),
        ("2", "often"),
        ("Quite often", "often"),
        ("часто", "often"),
        (["never"], "never"),
    ],
)
def test_single_choice_accepts_value_number_or_label(raw: Any, expected: str) -> None:
    assert read_answer(SINGLE, raw) == expected


@pytest.mark.parametrize("raw", ["", "3", "0", "²", "sometimes", ["never", "often"]])
def test_single_choice_rejects_anything_else(raw: Any) -> None:
    assert rejection(SINGLE, raw) == "questionnaire.error.choose_option"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["often", "never"], ("never", "often")),
        ("1, 2", ("never", "often")),
        ("2 1", ("never", "often")),
        ("Quite often; never", ("never", "often")),
        ("3", ("none",)),
        (["none"], ("none",)),
    ],
)
def test_multiple_choice_accepts_lists_numbers_and_labels_in_option_order(
    raw: Any, expected: tuple[str, ...]
) -> None:
    assert read_answer(MULTIPLE, raw) == expected


def test_an_exclusive_option_cannot_be_combined() -> None:
    assert rejection(MULTIPLE, "1, 3") == "questionnaire.error.exclusive_option"


def test_multiple_choice_needs_min_choices() -> None:
    two = question("multiple", options=OPTIONS[:2], min_choices=2)

    with pytest.raises(AnswerRejected) as caught:
        read_answer(two, "1")

    assert caught.value.reason.key == "questionnaire.error.too_few_choices"
    assert caught.value.reason.count == 2


@pytest.mark.parametrize("raw", ["", "1, 9", "perhaps", []])
def test_multiple_choice_rejects_unknown_options(raw: Any) -> None:
    assert rejection(MULTIPLE, raw) == "questionnaire.error.choose_options"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("yes", True),
        ("Y", True),
        ("да", True),
        ("Д", True),
        ("true", True),
        ("no", False),
        ("n", False),
        ("Нет", False),
        ("false", False),
    ],
)
def test_yes_no_accepts_words_in_both_languages(raw: str, expected: bool) -> None:
    assert read_answer(question("yes_no"), raw) is expected


def test_yes_no_rejects_other_words() -> None:
    assert rejection(question("yes_no"), "maybe") == "questionnaire.error.yes_or_no"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("182", 182), (" 182 cm", 182), ("182см", 182), ("120", 120), ("230", 230)],
)
def test_integers_accept_an_optional_unit(raw: str, expected: int) -> None:
    assert read_answer(HEIGHT, raw) == expected


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("182.5", "questionnaire.error.whole_number"),
        ("tall", "questionnaire.error.whole_number"),
        ("9" * 40, "questionnaire.error.whole_number"),
        ("119", "questionnaire.error.out_of_range"),
        ("231", "questionnaire.error.out_of_range"),
        ("-5", "questionnaire.error.out_of_range"),
    ],
)
def test_integers_outside_the_bounds_or_not_whole_are_rejected(raw: str, key: str) -> None:
    assert rejection(HEIGHT, raw) == key


@pytest.mark.parametrize(("raw", "expected"), [("72.5", 72.5), ("72,5 кг", 72.5), ("80", 80.0)])
def test_decimals_accept_a_point_or_a_comma(raw: str, expected: float) -> None:
    assert read_answer(WEIGHT, raw) == expected


def test_decimal_range_errors_carry_the_bounds_and_unit() -> None:
    with pytest.raises(AnswerRejected) as caught:
        read_answer(WEIGHT, "12,5", locale="ru")

    assert caught.value.reason.params == {"value": "12,5", "min": "30", "max": "250", "unit": " кг"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("23:30", "23:30"), ("7:05", "07:05"), ("07.45", "07:45"), ("0:00", "00:00")],
)
def test_clock_times_are_stored_as_hh_mm(raw: str, expected: str) -> None:
    assert read_answer(question("time"), raw) == expected


@pytest.mark.parametrize("raw", ["24:00", "12:60", "7", "7pm", "12:5", ""])
def test_clock_times_outside_24_hours_are_rejected(raw: str) -> None:
    assert rejection(question("time"), raw) == "questionnaire.error.time"


@pytest.mark.parametrize(
    ("text", "bare_unit", "minutes"),
    [
        ("7h 30m", "minutes", 450),
        ("7h30m", "minutes", 450),
        ("7 h", "minutes", 420),
        ("45 min", "minutes", 45),
        ("45m", "minutes", 45),
        ("1:30", "minutes", 90),
        ("1.5 h", "minutes", 90),
        ("1,5 ч", "minutes", 90),
        ("7 ч 30 мин", "minutes", 450),
        ("1 час 30 минут", "minutes", 90),
        ("2 часа", "minutes", 120),
        ("3 hours", "minutes", 180),
        ("90", "minutes", 90),
        ("7.5", "hours", 450),
        ("7h 30", "minutes", 450),
        ("20 мин.", "minutes", 20),
    ],
)
def test_durations_accept_the_documented_forms(text: str, bare_unit: str, minutes: int) -> None:
    assert parse_duration(text, bare_unit) == minutes


@pytest.mark.parametrize("text", ["", "soon", "7 30", "30m 7h", "1:75", "h", "7 weeks", "-5"])
def test_durations_reject_other_forms(text: str) -> None:
    assert parse_duration(text) is None


def test_duration_bounds_are_in_minutes() -> None:
    with pytest.raises(AnswerRejected) as caught:
        read_answer(SLEEP, "17 h")

    assert caught.value.reason.key == "questionnaire.error.duration_out_of_range"
    assert caught.value.reason.params == {"min": 60, "max": 960}
    assert read_answer(SLEEP, "7") == 420
    assert read_answer(LATENCY, "20") == 20


def test_free_text_is_trimmed_and_limited() -> None:
    short = question("text", max_length=5)

    with pytest.raises(AnswerRejected) as caught:
        read_answer(short, "too long")

    assert read_answer(short, "  ok  ") == "ok"
    assert rejection(short, "   ") == "questionnaire.error.text_empty"
    assert caught.value.reason.count == 5
    assert caught.value.reason.params == {"length": 8}


@given(st.integers(0, 23), st.integers(0, 59))
def test_every_valid_clock_time_is_accepted(hours: int, minutes: int) -> None:
    assert read_answer(question("time"), f"{hours}:{minutes:02d}") == f"{hours:02d}:{minutes:02d}"


@given(st.integers(0, 24 * 60))
def test_hours_and_minutes_read_back_to_the_same_duration(minutes: int) -> None:
    assert parse_duration(f"{minutes // 60}h {minutes % 60}m") == minutes
    assert parse_duration(f"{minutes // 60}:{minutes % 60:02d}") == minutes


@given(st.text(max_size=30))
def test_any_text_is_either_an_answer_or_a_rejection(text: str) -> None:
    reasons = []
    for q in (SINGLE, MULTIPLE, HEIGHT, WEIGHT, SLEEP, question("time"), question("yes_no")):
        try:
            read_answer(q, text)
        except AnswerRejected as rejected:
            reasons.append(rejected.reason.key)

    assert all(key.startswith("questionnaire.error.") for key in reasons)
