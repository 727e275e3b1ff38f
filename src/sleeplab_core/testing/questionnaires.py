"""Hypothesis strategies that play any questionnaire definition.

``answer_paths(definition, level)`` walks a questionnaire from its first question to the
end, drawing an accepted answer for each question actually shown (branches, show-if and
cross-question checks included), and returns the finished run state.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hypothesis import strategies as st

from sleeplab_core.questionnaires import (
    Accepted,
    Definition,
    Question,
    RunState,
    current_question,
    start_run,
    submit,
)

MAX_TRIES_PER_QUESTION = 20


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
def answer_paths(
    draw: st.DrawFn,
    definition: Definition,
    level: str,
    profile: Mapping[str, object] | None = None,
) -> RunState:
    """A finished run of ``level``: every shown question answered with an accepted input.

    Raises (inside the test):
        AssertionError: a question rejected every drawn valid input — the definition (or
            its checks) admits no answer there.
    """
    state = start_run(definition, level)
    known = dict(profile or {})
    while (question := current_question(definition, state, known)) is not None:
        for _ in range(MAX_TRIES_PER_QUESTION):
            outcome = submit(definition, state, known, draw(valid_inputs(question)))
            if isinstance(outcome, Accepted):
                state = outcome.state
                break
        else:
            raise AssertionError(f"question {question.id!r} accepted none of the inputs drawn")
    return state
