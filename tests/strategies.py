"""Hypothesis strategies shared by the test suites (import as ``from strategies import ...``)."""

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
from sleeplab_core.questionnaires import Question

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


def valid_inputs(question: Question) -> st.SearchStrategy[Any]:
    """Raw inputs that ``question`` accepts, in the forms users and buttons send them."""
    values = [option.value for option in question.choices]
    if question.type == "single":
        numbers = [str(i) for i in range(1, len(values) + 1)]
        return st.sampled_from(values + numbers)
    if question.type == "multiple":
        plain = [o.value for o in question.choices if not o.exclusive]
        exclusive = [[o.value] for o in question.choices if o.exclusive]
        subsets = st.lists(
            st.sampled_from(plain), min_size=max(question.min_choices or 1, 1), unique=True
        )
        return st.one_of(subsets, *(st.just(v) for v in exclusive)) if exclusive else subsets
    if question.type == "yes_no":
        return st.sampled_from(["yes", "no", "Да", "нет", "y", "N"])
    if question.type == "integer":
        assert question.min is not None
        assert question.max is not None
        return st.integers(int(question.min), int(question.max)).map(str)
    if question.type == "decimal":
        assert question.min is not None
        assert question.max is not None
        return st.decimals(question.min, question.max, places=1).map(
            lambda d: str(d).replace(".", ",")
        )
    if question.type == "time":
        return st.builds("{:02d}:{:02d}".format, st.integers(0, 23), st.integers(0, 59))
    if question.type == "duration":
        low, high = int(question.min or 0), int(question.max or 1440)
        return st.integers(low, high).map(lambda m: f"{m // 60}h {m % 60}m")
    return st.text(alphabet="abc xyz", min_size=1, max_size=question.max_length or 50).filter(
        str.strip
    )


def invalid_inputs(question: Question) -> st.SearchStrategy[str]:
    """Typed texts ``question`` rejects."""
    garbage = st.sampled_from(["", "   ", "maybe", "??", "12abc", "99:99", "-", "1, 2, 99"])
    if question.type in ("integer", "decimal"):
        assert question.max is not None
        return st.one_of(garbage, st.just(str(int(question.max) + 1)))
    if question.type == "text":
        return st.just("   ")
    return garbage


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
