"""Readers that turn raw answers into checked item values, raising :class:`InvalidItem`."""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

from sleeplab_core.scoring.errors import InvalidItem, MissingItem

_CLOCK_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


def as_sequence(instrument: str, answers: object, length: int) -> Sequence[object]:
    """``answers`` as a sequence of exactly ``length`` values.

    A mapping ``{"item1": ..., "itemN": ...}`` (what questionnaires' ``maps_to`` produce) is
    read in item order; a missing item is ``None`` and reported as missing.
    """
    if isinstance(answers, Mapping):
        names = [f"item{n}" for n in range(1, length + 1)]
        as_mapping(instrument, answers, names)
        answers = [answers.get(name) for name in names]
    if isinstance(answers, str | bytes) or not isinstance(answers, Sequence):
        raise InvalidItem(
            instrument=instrument, item="answers", reason=f"expected a sequence of {length} values"
        )
    if len(answers) != length:
        if len(answers) < length:
            raise MissingItem(instrument=instrument, item=f"item{len(answers) + 1}")
        raise InvalidItem(
            instrument=instrument,
            item="answers",
            reason=f"expected {length} values, got {len(answers)}",
        )
    return answers


def as_mapping(instrument: str, answers: object, allowed: Collection[str]) -> Mapping[str, object]:
    """``answers`` as a mapping whose keys are all in ``allowed`` (a typo is an error)."""
    if not isinstance(answers, Mapping):
        raise InvalidItem(instrument=instrument, item="answers", reason="expected a mapping")
    for key in answers:
        if key not in allowed:
            raise InvalidItem(instrument=instrument, item=str(key), reason="unknown item")
    return answers


def required(instrument: str, answers: Mapping[str, object], item: str) -> object:
    if item not in answers or answers[item] is None:
        raise MissingItem(instrument=instrument, item=item)
    return answers[item]


def int_in_range(instrument: str, item: str, value: object, low: int, high: int) -> int:
    """An integer item value within ``low..high`` (booleans are not integers here)."""
    if value is None:
        raise MissingItem(instrument=instrument, item=item)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidItem(instrument=instrument, item=item, reason="expected a whole number")
    if not low <= value <= high:
        raise InvalidItem(
            instrument=instrument, item=item, reason=f"{value} is outside {low}..{high}"
        )
    return value


def int_in_set(instrument: str, item: str, value: object, allowed: tuple[int, ...]) -> int:
    checked = int_in_range(instrument, item, value, min(allowed), max(allowed))
    if checked not in allowed:
        raise InvalidItem(
            instrument=instrument, item=item, reason=f"{checked} is not one of {allowed}"
        )
    return checked


def flag(instrument: str, item: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidItem(instrument=instrument, item=item, reason="expected true or false")
    return value


def exact_number(instrument: str, item: str, value: object, low: int, high: int) -> Fraction:
    """A number within ``low..high`` as an exact fraction.

    Floats are read through their shortest decimal form, so ``6.8`` means 68/10 exactly
    and a boundary such as 85 % is never missed by binary rounding.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | Fraction):
        raise InvalidItem(instrument=instrument, item=item, reason="expected a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidItem(instrument=instrument, item=item, reason="expected a finite number")
    number = Fraction(repr(value)) if isinstance(value, float) else Fraction(value)
    if not low <= number <= high:
        raise InvalidItem(
            instrument=instrument, item=item, reason=f"{value} is outside {low}..{high}"
        )
    return number


def choice(instrument: str, item: str, value: object, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise InvalidItem(
            instrument=instrument, item=item, reason=f"expected one of {', '.join(allowed)}"
        )
    return value


def minutes_after_midnight(instrument: str, item: str, value: object) -> int:
    """A 24-hour ``HH:MM`` clock time as minutes after midnight."""
    match = _CLOCK_TIME.match(value) if isinstance(value, str) else None
    if match is None:
        raise InvalidItem(instrument=instrument, item=item, reason="expected a time as HH:MM")
    hours, minutes = int(match[1]), int(match[2])
    if hours > 23 or minutes > 59:
        raise InvalidItem(instrument=instrument, item=item, reason=f"{value} is not a clock time")
    return hours * 60 + minutes
