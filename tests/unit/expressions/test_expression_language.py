"""The shared expression language: syntax, None rules, numbers, errors with positions."""

from __future__ import annotations

import pickle

import pytest

from sleeplab_core.kernel.expressions import Expression, ExpressionError, parse

ENV = {
    "age": 45,
    "height": 180,
    "weight": 81,
    "profile.gender": "female",
    "daytime": ["sleepy", "focus"],
    "snoring": True,
    "bedtime": "23:30",
    "score.isi.total": 16,
}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("profile.gender = 'female' and age >= 40", True),
        ('profile.gender == "male" or age < 40', False),
        ("not snoring", False),
        ("'sleepy' in daytime", True),
        ("'none' not in daytime", True),
        ("age in [40, 45, 50]", True),
        ("bedtime >= '23:00'", True),
        ("score.isi.total >= 15 and score.isi.total <= 21", True),
        ("all(snoring, age > 40, answered(height))", True),
        ("any(age > 90, profile.gender = 'male')", False),
        ("(age + 5) * 2", 100),
        ("age - 50", -5),
        ("weight / 3", 27.0),
        ("-age", -45),
        ("min(age, height, 200)", 45),
        ("max(1, 2.5)", 2.5),
        ("abs(40 - age)", 5),
        ("round(weight / ((height / 100) * (height / 100)), 1)", 25.0),
        ("round(2.5)", 3),
        ("round(-2.5)", -3),
        ("round(1.005, 2)", 1.01),
        ("[1, 'a', null]", [1, "a", None]),
        ("true and not false", True),
        ("1 + 2 * 3", 7),
        ("10 - 4 - 3", 3),
        ("12 / 2 / 3", 2.0),
    ],
)
def test_evaluates_the_documented_syntax(source: str, expected: object) -> None:
    assert parse(source).evaluate(ENV) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("missing = null", True),
        ("missing != null", False),
        ("age != null", True),
        ("age = null", False),
        ("missing = 3", False),
        ("missing != 3", False),
        ("missing < 3", False),
        ("missing >= 3", False),
        ("missing in [1, 2]", False),
        ("missing not in [1, 2]", False),
        ("3 in missing", False),
        ("not missing", True),
        ("answered(missing)", False),
        ("missing + 1", None),
        ("min(missing, 3)", None),
        ("round(missing)", None),
        ("abs(missing)", None),
        ("-missing", None),
        ("age / 0", None),
        ("age / (height - 180)", None),
    ],
)
def test_a_missing_name_is_null_and_null_rules_apply(source: str, expected: object) -> None:
    assert parse(source).evaluate(ENV) == expected


@pytest.mark.parametrize(
    "source",
    ["'a' + 1", "'a' < 3", "true + 1", "daytime * 2", "profile.gender > 3", "min('a', 1)"],
)
def test_a_type_mismatch_behaves_like_null(source: str) -> None:
    assert parse(source).evaluate(ENV) in (None, False)


def test_booleans_are_not_numbers() -> None:
    assert parse("snoring = 1").evaluate(ENV) is False
    assert parse("snoring = true").evaluate(ENV) is True


def test_integers_and_decimals_compare_as_numbers() -> None:
    assert parse("age = 45.0").evaluate(ENV) is True
    assert parse("1 / 2 = 0.5").evaluate({}) is True


def test_references_list_every_name_including_answered() -> None:
    expr = parse("answered(neck) and (bmi > 30 or profile.gender = 'male') and 1 in [x]")

    assert expr.references() == frozenset({"neck", "bmi", "profile.gender", "x"})


def test_literals_have_no_references() -> None:
    assert parse("[1, 'a', true] = null").references() == frozenset()


def test_expressions_keep_their_source_and_are_cached_values() -> None:
    source = "age >= 40"

    first, second = parse(source), parse(source)

    assert first.source == source
    assert str(first) == source
    assert first == second
    assert hash(first) == hash(second)
    assert isinstance(first, Expression)


def test_canonical_form_is_fully_parenthesized() -> None:
    assert parse("a or b and not c = 1 + 2 * 3").canonical == (
        "(a or (b and (not (c = (1 + (2 * 3))))))"
    )


def test_strings_support_escapes() -> None:
    assert parse(r"'it\'s' = " + '"it\'s"').evaluate({}) is True
    assert parse(r"'a\\b'").evaluate({}) == "a\\b"


@pytest.mark.parametrize(
    ("source", "position", "fragment"),
    [
        ("", 0, "empty expression"),
        ("(a = 1", 6, "expected ')'"),
        ("a = = 1", 4, "expected a value"),
        ("a < b < c", 6, "cannot be chained"),
        ("foo(1)", 0, "unknown function 'foo'"),
        ("'abc", 0, "unterminated string"),
        ("a $ b", 2, "unexpected character '$'"),
        ("a b", 2, "unexpected 'b'"),
        ("answered(1)", 0, "answered() takes one name"),
        ("abs(1, 2)", 0, "abs() takes one argument"),
        ("round(1, 2, 3)", 0, "round() takes"),
        ("min()", 0, "needs at least one argument"),
        ("a and", 5, "expected a value"),
        ("[1, 2", 5, "expected ','"),
        ("'a\\q'", 2, "unknown escape"),
        ("x.and", 0, "unexpected keyword"),
    ],
)
def test_bad_source_raises_an_error_naming_the_position(
    source: str, position: int, fragment: str
) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse(source)

    assert caught.value.position == position
    assert caught.value.source == source
    assert fragment in caught.value.message


def test_expression_errors_survive_pickling() -> None:
    error = ExpressionError("expected ')'", "(a", 2)

    copy = pickle.loads(pickle.dumps(error))

    assert (copy.message, copy.source, copy.position) == ("expected ')'", "(a", 2)


def test_holds_uses_truthiness() -> None:
    assert parse("daytime").holds(ENV) is True
    assert parse("missing").holds(ENV) is False
    assert parse("0").holds({}) is False
    assert parse("''").holds({}) is False
