"""Hypothesis strategies shared by the test suites (import as ``from strategies import ...``).

The questionnaire strategies come from the testing kit shipped in the wheel
(``sleeplab_core.testing``), which other teams use too.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from sleeplab_core.kernel.expressions import (
    Binary,
    Call,
    ListExpr,
    Literal,
    Name,
    Node,
    Unary,
)
from sleeplab_core.testing.questionnaires import answer_paths, invalid_inputs, valid_inputs

__all__ = ["answer_paths", "invalid_inputs", "valid_inputs"]  # re-exported from the kit

# --- expressions --------------------------------------------------------------------------

NAMES = ("age", "height", "weight", "snoring", "profile.gender", "score.isi.total", "daytime")

literal_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=0, max_value=10**6),
    st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False),
    st.text(alphabet="abcxyz 'é\"\\", max_size=6),
)

env_values = st.one_of(
    literal_values,
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.lists(st.sampled_from(["sleepy", "focus", "none"]), max_size=3),
    st.sampled_from(["female", "male", "23:30"]),
)


def _extend(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    comparison = st.sampled_from(["=", "!=", "<", "<=", ">", ">=", "in", "not in"])
    arithmetic = st.sampled_from(["+", "-", "*", "/"])
    return st.one_of(
        st.builds(Unary, st.sampled_from(["not", "-"]), children),
        st.builds(Binary, st.sampled_from(["and", "or"]), children, children),
        st.builds(Binary, comparison, children, children),
        st.builds(Binary, arithmetic, children, children),
        st.builds(ListExpr, st.lists(children, max_size=3).map(tuple)),
        st.builds(
            Call,
            st.sampled_from(["all", "any", "min", "max"]),
            st.lists(children, min_size=1, max_size=3).map(tuple),
        ),
        st.builds(lambda x: Call("abs", (x,)), children),
        st.builds(
            lambda x, n: Call("round", (x, Literal(n))),
            children,
            st.integers(min_value=0, max_value=4),
        ),
        st.builds(lambda name: Call("answered", (Name(name),)), st.sampled_from(NAMES)),
    )


expression_trees: st.SearchStrategy[Node] = st.recursive(
    st.one_of(st.builds(Literal, literal_values), st.builds(Name, st.sampled_from(NAMES))),
    _extend,
    max_leaves=12,
)
"""Syntax trees of valid expressions (literals are non-negative: ``-3`` parses as unary)."""

environments = st.dictionaries(st.sampled_from(NAMES), env_values, max_size=len(NAMES))
"""Mappings of dotted names to values of any type, including ones expressions never produce."""

expression_texts = st.lists(
    st.sampled_from(
        [
            *list("abz_.019 ()[],'\"=!<>+-*/\\$"),
            " and ",
            " or ",
            " not ",
            " in ",
            "true",
            "null",
            "min(",
            "answered(",
            "round(",
        ]
    ),
    max_size=30,
).map("".join)
"""Arbitrary, mostly invalid source texts built from the language's own pieces."""

# --- questionnaires -----------------------------------------------------------------------

profiles = st.fixed_dictionaries(
    {},
    optional={
        "gender": st.sampled_from(["female", "male"]),
        "age": st.integers(min_value=18, max_value=90),
        "locale": st.sampled_from(["en", "ru"]),
    },
)
"""Profiles as the application passes them to the engine; any field may be missing."""


@st.composite
def branching_definitions(draw: st.DrawFn) -> dict[str, Any]:
    """A definition (as TOML-shaped data) with random conditions over earlier answers and the
    profile: gender-specific blocks, chains of show-if, scales and a calculated value."""
    count = draw(st.integers(min_value=2, max_value=9))
    # The first question is a choice, so the scale "s" always exists.
    kinds = [
        "single",
        *draw(
            st.lists(
                st.sampled_from(["single", "yes_no", "integer", "multiple"]),
                min_size=count - 1,
                max_size=count - 1,
            )
        ),
    ]
    questions = []
    for index, kind in enumerate(kinds):
        question: dict[str, Any] = {
            "id": f"q{index}",
            "type": kind,
            "text": {"en": f"Question {index}?", "ru": f"Вопрос {index}?"},
        }
        question.update(_type_fields(kind))
        if index and draw(st.booleans()):
            question["show_if"] = draw(_condition(kinds[:index]))
        questions.append(question)
    cut = draw(st.integers(min_value=1, max_value=count))
    blocks = [{"id": "first", "questions": questions[:cut]}]
    if cut < count:
        second: dict[str, Any] = {"id": "second", "questions": questions[cut:]}
        if draw(st.booleans()):
            second["show_if"] = draw(
                st.sampled_from(
                    ["profile.gender = 'female'", "profile.gender = 'male'", "profile.age >= 40"]
                )
            )
        blocks.append(second)
    level: dict[str, Any] = {"blocks": blocks, "calculated": {"points": "scale.s * 2"}}
    return {"id": "generated", "version": 1, "levels": {"L0": level}}


def _type_fields(kind: str) -> dict[str, Any]:
    if kind in ("single", "multiple"):
        return {
            "options": [
                {
                    "value": value,
                    "text": {"en": value.upper(), "ru": value.upper() + "!"},
                    "scores": {"s": weight},
                }
                for value, weight in (("a", 1), ("b", 2), ("c", 3))
            ]
        }
    if kind == "integer":
        return {"min": 0, "max": 10}
    return {"yes_scores": {"s": 1}}


def _condition(earlier: list[str]) -> st.SearchStrategy[str]:
    def one(index: int) -> st.SearchStrategy[str]:
        name, kind = f"q{index}", earlier[index]
        by_kind = {
            "single": [f"{name} = 'a'", f"{name} in ['b', 'c']", f"{name} != 'c'"],
            "yes_no": [name, f"not {name}", f"{name} = true"],
            "integer": [f"{name} >= 5", f"{name} < 3", f"{name} * 2 > 9"],
            "multiple": [f"'a' in {name}", f"'c' not in {name}"],
        }[kind]
        return st.sampled_from(
            [
                *by_kind,
                f"answered({name})",
                "profile.gender = 'female'",
                "scale.s >= 2",
                "points > 3",
            ]
        )

    single = st.integers(0, len(earlier) - 1).flatmap(one)
    return st.one_of(
        single,
        st.builds(
            lambda a, op, b: f"({a}) {op} ({b})", single, st.sampled_from(["and", "or"]), single
        ),
    )
