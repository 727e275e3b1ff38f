"""Properties of the expression language over random trees, environments and texts."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from sleeplab_core.kernel.expressions import (
    Binary,
    Call,
    ExpressionError,
    ListExpr,
    Literal,
    Name,
    Node,
    Unary,
    parse,
    to_source,
)
from strategies import NAMES, environments, expression_texts, expression_trees, literal_values


def _names(node: Node) -> set[str]:
    if isinstance(node, Name):
        return {node.name}
    if isinstance(node, Unary):
        return _names(node.operand)
    if isinstance(node, Binary):
        return _names(node.left) | _names(node.right)
    if isinstance(node, ListExpr):
        return set().union(*map(_names, node.items))
    if isinstance(node, Call):
        return set().union(*map(_names, node.args))
    return set()


@given(expression_trees)
def test_printing_then_parsing_gives_back_the_same_tree(tree: Node) -> None:
    source = to_source(tree)

    parsed = parse(source)

    assert parsed.tree == tree
    assert parsed.canonical == source


@given(expression_trees, environments)
def test_evaluation_never_raises(tree: Node, env: dict[str, object]) -> None:
    parse(to_source(tree)).evaluate(env)


@given(expression_trees, environments)
def test_evaluation_is_deterministic(tree: Node, env: dict[str, object]) -> None:
    expr = parse(to_source(tree))

    first, second = expr.evaluate(env), expr.evaluate(env)

    assert first == second or _both_nan(first, second)


def _both_nan(a: object, b: object) -> bool:
    return isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b)


@given(expression_trees)
def test_references_are_exactly_the_names_in_the_tree(tree: Node) -> None:
    assert parse(to_source(tree)).references() == _names(tree)


@given(expression_texts)
def test_any_text_parses_or_raises_expression_error_with_a_position_inside_it(text: str) -> None:
    error: ExpressionError | None = None
    try:
        parse(text)
    except ExpressionError as raised:
        error = raised

    assert error is None or (0 <= error.position <= len(text) and error.source == text)


@given(st.integers(-(10**9), 10**9), st.integers(-(10**9), 10**9))
def test_integer_arithmetic_matches_python(a: int, b: int) -> None:
    env = {"a": a, "b": b}

    assert parse("a + b").evaluate(env) == a + b
    assert parse("a - b").evaluate(env) == a - b
    assert parse("a * b").evaluate(env) == a * b
    assert parse("a / b").evaluate(env) == (None if b == 0 else a / b)


@given(
    st.integers(-1000, 1000) | st.floats(-1e6, 1e6), st.integers(-1000, 1000) | st.floats(-1e6, 1e6)
)
def test_comparisons_match_python_for_numbers(a: float, b: float) -> None:
    env = {"a": a, "b": b}

    assert parse("a < b").evaluate(env) == (a < b)
    assert parse("a <= b").evaluate(env) == (a <= b)
    assert parse("a > b").evaluate(env) == (a > b)
    assert parse("a >= b").evaluate(env) == (a >= b)
    assert parse("a = b").evaluate(env) == (a == b)
    assert parse("a != b").evaluate(env) == (a != b)


@given(
    st.sampled_from(["<", "<=", ">", ">=", "=", "!=", "in", "not in"]),
    st.integers(-5, 5) | st.text(max_size=3) | st.lists(st.integers(0, 3), max_size=2),
)
def test_comparisons_with_null_are_false_except_equality_with_null(op: str, value: object) -> None:
    env = {"x": value}

    outcome = parse(f"missing {op} x").evaluate(env)

    assert outcome is False
    assert parse("missing = null").evaluate(env) is True


@given(st.floats(-1e6, 1e6, allow_nan=False), st.integers(0, 6))
def test_round_is_within_half_a_unit_of_the_last_digit(x: float, digits: int) -> None:
    rounded = parse("round(x, n)").evaluate({"x": x, "n": digits})

    assert isinstance(rounded, int if digits == 0 else float)
    assert abs(rounded - x) <= 0.5 * 10**-digits + 1e-9


@given(st.lists(st.integers(-100, 100), min_size=1, max_size=5))
def test_min_and_max_match_python(values: list[int]) -> None:
    env = {f"v{i}": v for i, v in enumerate(values)}
    args = ", ".join(env)

    assert parse(f"min({args})").evaluate(env) == min(values)
    assert parse(f"max({args})").evaluate(env) == max(values)


def _same(first: object, second: object) -> bool:
    return (first == second and type(first) is type(second)) or _both_nan(first, second)


@given(expression_trees, environments)
def test_the_compiled_expression_gives_what_the_tree_walk_gives(
    tree: Node, env: dict[str, object]
) -> None:
    expr = parse(to_source(tree))

    compiled, walked = expr.evaluate(env), expr.interpret(env)

    assert _same(compiled, walked) or _nan_inside(compiled, walked)
    assert expr.holds(env) is _truthy(walked)


_conditions = st.builds(
    Binary,
    st.sampled_from(["=", "!=", "<", "<=", ">", ">=", "in", "not in"]),
    st.builds(Name, st.sampled_from(NAMES)),
    st.one_of(
        st.builds(Literal, literal_values),
        st.builds(Literal, st.sampled_from(["female", "male", "23:30"])),
        st.builds(
            ListExpr,
            st.lists(
                st.builds(Literal, st.one_of(literal_values, st.sampled_from(["female", "male"]))),
                max_size=3,
            ).map(tuple),
        ),
    ),
)


@given(_conditions, environments)
def test_compiled_comparisons_with_constants_match_the_tree_walk(
    tree: Node, env: dict[str, object]
) -> None:
    expr = parse(to_source(tree))

    assert expr.holds(env) is _truthy(expr.interpret(env))
    assert expr.evaluate(env) == expr.interpret(env)


def _nan_inside(first: object, second: object) -> bool:
    """Lists holding NaN compare unequal to themselves; compare their printed forms."""
    return isinstance(first, list) and repr(first) == repr(second)


def _truthy(value: object) -> bool:
    return bool(value) if isinstance(value, bool | int | float | str | list | tuple) else False
