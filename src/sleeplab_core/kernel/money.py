"""Money: an integer amount of the smallest unit of a currency or of an internal unit.

One money type for the whole system. Amounts are never floats: ``Money(10000, "RUB")`` is
100 roubles (kopecks), ``Money(50, "XTR")`` is 50 Telegram Stars, ``Money(3, "credits")`` is
three assistant credits. Display formatting belongs to the texts; the decimal-string helpers
here serve payment gateways, which speak in major units (``"100.000000"``).
"""

from __future__ import annotations

import re

import attrs

from sleeplab_core.kernel.errors import ValidationFailed

# Digits after the decimal point in each currency's major unit (ISO 4217; XTR is whole Stars).
# Units not listed (credits, points) are counted in whole units.
MINOR_DIGITS: dict[str, int] = {"RUB": 2, "USD": 2, "EUR": 2, "KZT": 2, "UAH": 2, "XTR": 0}

MAX_DECIMAL_LENGTH = 40  # far beyond any real amount; bounds the work on hostile input
_UNIT_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{0,31}")
_DECIMAL_PATTERN = re.compile(r"(?P<sign>-?)(?P<whole>[0-9]+)(?:\.(?P<fraction>[0-9]+))?")


class UnitMismatch(ValidationFailed):
    """Arithmetic across two units (roubles plus credits)."""

    def __init__(self, left: str, right: str) -> None:
        super().__init__(f"cannot combine {left!r} with {right!r}", field="unit")
        self.left = left
        self.right = right


def _check_amount(_: object, __: attrs.Attribute[int], value: object) -> None:
    # bool is an int subclass; True roubles is a bug, not an amount.
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationFailed(f"must be an integer, got {value!r}", field="amount")


def _check_unit(_: object, __: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not _UNIT_PATTERN.fullmatch(value):
        raise ValidationFailed(
            f"must be a code like 'RUB' or 'credits' (a letter, then up to 31 of "
            f"letters, digits, '_', '.', '-'), got {value!r}",
            field="unit",
        )


@attrs.frozen(order=False)
class Money:
    """An integer amount in the smallest unit of ``unit``.

    Raises:
        ValidationFailed: the amount is not an ``int`` or the unit code is malformed.
    """

    amount: int = attrs.field(validator=_check_amount)
    unit: str = attrs.field(validator=_check_unit)

    @classmethod
    def zero(cls, unit: str) -> Money:
        return cls(0, unit)

    def __add__(self, other: Money) -> Money:
        return Money(self.amount + self._same_unit(other).amount, self.unit)

    def __sub__(self, other: Money) -> Money:
        return Money(self.amount - self._same_unit(other).amount, self.unit)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.unit)

    def _same_unit(self, other: Money) -> Money:
        if other.unit != self.unit:
            raise UnitMismatch(self.unit, other.unit)
        return other

    @classmethod
    def from_decimal_string(cls, text: str, unit: str) -> Money:
        """Parse a major-unit decimal such as ``"100.000000"`` (Robokassa) exactly.

        Trailing zeros beyond the unit's precision are accepted; non-zero digits beyond it
        are not (a payment of 100.005 RUB does not exist).

        Raises:
            ValidationFailed: the text is not a plain decimal or is more precise than the unit.
        """
        digits = minor_digits(unit)
        plausible = isinstance(text, str) and len(text) <= MAX_DECIMAL_LENGTH
        match = _DECIMAL_PATTERN.fullmatch(text) if plausible else None
        if match is None:
            raise ValidationFailed(f"not a decimal amount: {text!r}", field="amount")
        fraction = (match["fraction"] or "").rstrip("0")
        if len(fraction) > digits:
            raise ValidationFailed(
                f"{text!r} has more than {digits} decimal places for {unit}", field="amount"
            )
        minor = int(match["whole"]) * 10**digits + int(fraction.ljust(digits, "0") or "0")
        return cls(-minor if match["sign"] else minor, unit)

    def to_decimal_string(self) -> str:
        """Major units at the unit's precision: ``Money(10050, "RUB")`` -> ``"100.50"``."""
        digits = minor_digits(self.unit)
        sign = "-" if self.amount < 0 else ""
        whole, fraction = divmod(abs(self.amount), 10**digits)
        return f"{sign}{whole}.{fraction:0{digits}d}" if digits else f"{sign}{whole}"


def minor_digits(unit: str) -> int:
    """Decimal places of ``unit``'s major unit (0 for units the table does not know)."""
    return MINOR_DIGITS.get(unit, 0)
