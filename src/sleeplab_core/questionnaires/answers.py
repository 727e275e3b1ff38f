"""Reading a raw input (typed text or a button's value) into an answer value.

What each question type accepts is listed in docs/questionnaires.md ("Accepted input per type").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from sleeplab_core.kernel.errors import SleeplabError
from sleeplab_core.kernel.i18n import Message, msg
from sleeplab_core.questionnaires import messages as keys
from sleeplab_core.questionnaires.model import AnswerValue, Option, Question

RawInput = str | Sequence[str]
"""Typed text, one button value, or the values of several toggled buttons."""

YES_WORDS = frozenset({"yes", "y", "true", "да", "д"})
NO_WORDS = frozenset({"no", "n", "false", "нет", "н"})
HOUR_WORDS = frozenset({"h", "hr", "hrs", "hour", "hours", "ч", "час", "часа", "часов"})
MINUTE_WORDS = frozenset(
    {"m", "min", "mins", "minute", "minutes", "м", "мин", "минута", "минуту", "минуты", "минут"}
)
DEFAULT_DURATION_BOUNDS = (0, 24 * 60)
DEFAULT_MAX_LENGTH = 500

# Digit counts are capped so a pasted wall of digits cannot reach int()/float() limits.
_INTEGER = re.compile(r"[+-]?\d{1,12}")
_DECIMAL = re.compile(r"[+-]?\d{1,12}(?:[.,]\d{1,6})?")
_CLOCK = re.compile(r"(\d{1,2})[:.](\d{2})")
_DURATION_PART = re.compile(r"(\d{1,6}(?:[.,]\d{1,6})?)\s*([a-zа-яё]*)\.?\s*")


class AnswerRejected(SleeplabError):
    """The input does not answer the question; ``reason`` says what to send instead."""

    def __init__(self, reason: Message) -> None:
        super().__init__(reason.key)
        self.reason = reason


def read_answer(question: Question, raw: RawInput, locale: str = "en") -> AnswerValue:
    """The answer value ``raw`` gives to ``question``.

    Args:
        question: the question being answered.
        raw: typed text, a button value, or a list of button values (``multiple``).
        locale: the user's locale, used only to name the unit in the reason of a rejection.

    Raises:
        AnswerRejected: the input is not a valid answer; nothing should be stored.
    """
    if question.type == "multiple":
        return _read_multiple(question, raw, locale)
    text = _single_text(raw).strip()
    readers = {
        "single": lambda: _read_single(question, text),
        "yes_no": lambda: _read_yes_no(text),
        "integer": lambda: _read_number(question, text, locale, whole=True),
        "decimal": lambda: _read_number(question, text, locale, whole=False),
        "time": lambda: _read_clock(text),
        "duration": lambda: _read_duration(question, text),
        "text": lambda: _read_text(question, text),
    }
    return readers[question.type]()


def _single_text(raw: RawInput) -> str:
    if isinstance(raw, str):
        return raw
    return raw[0] if len(raw) == 1 else ""


def _match_option(question: Question, text: str) -> Option | None:
    wanted = text.strip().casefold()
    if not wanted:
        return None
    for option in question.choices:
        if option.value.casefold() == wanted:
            return option
    if wanted.isdecimal() and 1 <= int(wanted) <= len(question.choices):
        return question.choices[int(wanted) - 1]
    for option in question.choices:
        if any(label.strip().casefold() == wanted for label in option.text.values()):
            return option
    return None


def _read_single(question: Question, text: str) -> AnswerValue:
    option = _match_option(question, text)
    if option is None:
        raise AnswerRejected(msg(keys.ERROR_CHOOSE_OPTION))
    return option.value


def _read_multiple(question: Question, raw: RawInput, locale: str) -> AnswerValue:
    pieces = re.split(r"[,;]", raw) if isinstance(raw, str) else list(raw)
    chosen: set[str] = set()
    for piece in pieces:
        if not piece.strip():
            continue
        chosen.update(_options_in_piece(question, piece))
    ordered = tuple(option.value for option in question.choices if option.value in chosen)
    least = question.min_choices or 1
    if not ordered:
        raise AnswerRejected(msg(keys.ERROR_CHOOSE_OPTIONS))
    if len(ordered) < least:
        raise AnswerRejected(msg(keys.ERROR_TOO_FEW_CHOICES, least))
    exclusive = [question.option(value) for value in ordered]
    for option in exclusive:
        if option is not None and option.exclusive and len(ordered) > 1:
            label = option.text.get(locale, option.value)
            raise AnswerRejected(msg(keys.ERROR_EXCLUSIVE_OPTION, option=label))
    return ordered


def _options_in_piece(question: Question, piece: str) -> set[str]:
    whole = _match_option(question, piece)
    if whole is not None:
        return {whole.value}
    found = set()
    for word in piece.split():
        option = _match_option(question, word)
        if option is None:
            raise AnswerRejected(msg(keys.ERROR_CHOOSE_OPTIONS))
        found.add(option.value)
    return found


def _read_yes_no(text: str) -> AnswerValue:
    word = text.casefold()
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    raise AnswerRejected(msg(keys.ERROR_YES_OR_NO))


def unit_suffix(question: Question, locale: str) -> str:
    """``" cm"`` (a space and the unit in ``locale``) or ``""`` when the question has none."""
    if not question.unit:
        return ""
    return " " + question.unit.get(locale, next(iter(question.unit.values())))


def format_number(value: float | int, locale: str = "en") -> str:
    """A number without trailing zeros; Russian uses a decimal comma."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = format(Decimal(repr(value)).normalize(), "f") if isinstance(value, float) else str(value)
    return text.replace(".", ",") if locale == "ru" else text


def _strip_unit(question: Question, text: str) -> str:
    lowered = text.casefold()
    for unit in sorted((question.unit or {}).values(), key=len, reverse=True):
        word = unit.strip().casefold()
        if word and lowered.endswith(word):
            return text[: len(text) - len(word)].strip()
    return text


def _read_number(question: Question, text: str, locale: str, *, whole: bool) -> AnswerValue:
    low, high = question.min, question.max
    assert low is not None  # guaranteed by load-time validation
    assert high is not None
    params = {
        "min": format_number(low, locale),
        "max": format_number(high, locale),
        "unit": unit_suffix(question, locale),
    }
    digits = _strip_unit(question, text).replace(" ", "")
    pattern = _INTEGER if whole else _DECIMAL
    if not pattern.fullmatch(digits):
        raise AnswerRejected(msg(keys.ERROR_WHOLE_NUMBER if whole else keys.ERROR_NUMBER, **params))
    value: int | float = int(digits) if whole else float(digits.replace(",", "."))
    if not low <= value <= high:
        shown = format_number(value, locale)
        raise AnswerRejected(msg(keys.ERROR_OUT_OF_RANGE, value=shown, **params))
    return value


def _read_clock(text: str) -> AnswerValue:
    match = _CLOCK.fullmatch(text)
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise AnswerRejected(msg(keys.ERROR_TIME))
    return f"{int(match[1]):02d}:{match[2]}"


def duration_bounds(question: Question) -> tuple[int, int]:
    """Inclusive bounds in minutes of a duration question."""
    low, high = DEFAULT_DURATION_BOUNDS
    return (
        int(question.min if question.min is not None else low),
        int(question.max if question.max is not None else high),
    )


def _read_duration(question: Question, text: str) -> AnswerValue:
    minutes = parse_duration(text.casefold(), question.duration_unit or "minutes")
    if minutes is None:
        raise AnswerRejected(msg(keys.ERROR_DURATION))
    low, high = duration_bounds(question)
    if not low <= minutes <= high:
        raise AnswerRejected(msg(keys.ERROR_DURATION_OUT_OF_RANGE, high, min=low, max=high))
    return minutes


def parse_duration(text: str, bare_unit: str = "minutes") -> int | None:
    """Whole minutes in ``text`` (``"7h 30m"``, ``"45 мин"``, ``"1:30"``, ``"90"``), or None."""
    text = text.strip()
    clock = re.fullmatch(r"(\d{1,3}):(\d{2})", text)
    if clock:
        return None if int(clock[2]) > 59 else int(clock[1]) * 60 + int(clock[2])
    if _DECIMAL.fullmatch(text) and not text.startswith(("+", "-")):
        amount = float(text.replace(",", "."))
        return round(amount * (60 if bare_unit == "hours" else 1))
    return _duration_with_units(text)


def _duration_with_units(text: str) -> int | None:
    parts = []
    position = 0
    while position < len(text):
        match = _DURATION_PART.match(text, position)
        if match is None:
            return None
        parts.append((float(match[1].replace(",", ".")), match[2]))
        position = match.end()
    return _sum_parts(parts)


def _sum_parts(parts: list[tuple[float, str]]) -> int | None:
    if not parts or len(parts) > 2:
        return None
    units = [_unit_of(word, index, parts) for index, (_, word) in enumerate(parts)]
    if None in units or units not in (["h"], ["m"], ["h", "m"]):
        return None
    total = sum(
        amount * (60 if unit == "h" else 1) for (amount, _), unit in zip(parts, units, strict=True)
    )
    return round(total)


def _unit_of(word: str, index: int, parts: list[tuple[float, str]]) -> str | None:
    if word in HOUR_WORDS:
        return "h"
    if word in MINUTE_WORDS:
        return "m"
    # "7h 30": a trailing bare number after hours means minutes.
    return "m" if not word and index == 1 else None


def _read_text(question: Question, text: str) -> AnswerValue:
    if not text:
        raise AnswerRejected(msg(keys.ERROR_TEXT_EMPTY))
    limit = question.max_length or DEFAULT_MAX_LENGTH
    if len(text) > limit:
        raise AnswerRejected(msg(keys.ERROR_TEXT_TOO_LONG, limit, length=len(text)))
    return text
