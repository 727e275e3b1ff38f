import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.kernel.money import Money, UnitMismatch


@pytest.mark.parametrize(
    ("text", "unit", "minor"),
    [
        ("100.000000", "RUB", 10000),
        ("100.00", "RUB", 10000),
        ("100", "RUB", 10000),
        ("0.5", "RUB", 50),
        ("99.990000", "RUB", 9999),
        ("-1.25", "RUB", -125),
        ("50", "XTR", 50),
        ("50.000", "XTR", 50),
        ("7", "credits", 7),
    ],
)
def test_decimal_strings_parse_exactly_into_minor_units(text: str, unit: str, minor: int):
    assert Money.from_decimal_string(text, unit) == Money(minor, unit)


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("100.005", "RUB"),
        ("1.5", "XTR"),
        ("1e2", "RUB"),
        ("", "RUB"),
        (" 1", "RUB"),
        ("1,00", "RUB"),
        ("+1", "RUB"),
        ("nan", "RUB"),
    ],
)
def test_malformed_or_too_precise_decimals_are_refused(text: str, unit: str):
    with pytest.raises(ValidationFailed) as refused:
        Money.from_decimal_string(text, unit)

    assert refused.value.field == "amount"


@pytest.mark.parametrize(
    ("money", "text"),
    [
        (Money(10050, "RUB"), "100.50"),
        (Money(5, "RUB"), "0.05"),
        (Money(-125, "RUB"), "-1.25"),
        (Money(50, "XTR"), "50"),
    ],
)
def test_to_decimal_string_uses_the_units_precision(money: Money, text: str):
    assert money.to_decimal_string() == text


@given(
    st.integers(min_value=-(10**15), max_value=10**15), st.sampled_from(["RUB", "XTR", "credits"])
)
def test_decimal_strings_round_trip(amount: int, unit: str):
    money = Money(amount, unit)

    assert Money.from_decimal_string(money.to_decimal_string(), unit) == money


@pytest.mark.parametrize("amount", [1.5, "10", True, None])
def test_only_integers_are_amounts(amount: object):
    with pytest.raises(ValidationFailed):
        Money(amount, "RUB")  # type: ignore[arg-type]


@pytest.mark.parametrize("unit", ["", "1RUB", "a b", "x" * 40])
def test_unit_codes_are_checked(unit: str):
    with pytest.raises(ValidationFailed):
        Money(1, unit)


def test_arithmetic_stays_within_one_unit():
    assert Money(5, "RUB") + Money(7, "RUB") - Money(2, "RUB") == Money(10, "RUB")
    assert -Money(5, "RUB") == Money(-5, "RUB")
    with pytest.raises(UnitMismatch):
        Money(5, "RUB") + Money(5, "XTR")
