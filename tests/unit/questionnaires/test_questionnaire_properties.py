"""Engine properties over random answer sequences, on the demo and on generated definitions.

Each run answers the current question with a random valid input until the run finishes, and
checks at every step: the question's conditions held; a checkpoint (JSON) resumes at the same
question; back then the same answer changes nothing; an invalid input changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sleeplab_core.kernel.expressions import parse
from sleeplab_core.questionnaires import (
    MESSAGE_KEYS,
    Accepted,
    Definition,
    Rejected,
    RunState,
    back,
    collected_answers,
    current_question,
    is_finished,
    progress,
    result_environment,
    scale_totals,
    start_run,
    submit,
)
from sleeplab_core.questionnaires.validation import validate
from strategies import branching_definitions, invalid_inputs, profiles, valid_inputs

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _block_condition(definition: Definition, question_id: str) -> str | None:
    for block in definition.levels["L0"].blocks:
        if any(question.id == question_id for question in block.questions):
            return block.show_if
    return None


def walk(definition: Definition, profile: Mapping[str, object], data: st.DataObject) -> RunState:
    """Answer at random until finished, checking the per-step properties; returns the end state."""
    state = start_run(definition, "L0")
    steps = 0
    limit = len(definition.levels["L0"].questions)
    while (question := current_question(definition, state, profile)) is not None:
        assert steps < limit, "more steps than questions"
        env = result_environment(definition, state, profile)
        for condition in (_block_condition(definition, question.id), question.show_if):
            assert condition is None or parse(condition).holds(env)

        resumed = RunState.model_validate_json(state.model_dump_json())
        assert resumed == state
        assert current_question(definition, resumed, profile) == question

        before = state.model_dump()
        rejected = submit(definition, state, profile, data.draw(invalid_inputs(question)))
        assert isinstance(rejected, Rejected)
        assert rejected.reason.key in MESSAGE_KEYS
        assert state.model_dump() == before

        raw = data.draw(valid_inputs(question))
        accepted = submit(definition, state, profile, raw)
        assert isinstance(accepted, Accepted), (question.id, raw, accepted)
        went_back = back(definition, accepted.state, profile)
        assert isinstance(went_back, Accepted)
        assert current_question(definition, went_back.state, profile) == question
        again = submit(definition, went_back.state, profile, raw)
        assert isinstance(again, Accepted)
        assert again.state == accepted.state

        number = progress(definition, state, profile)
        assert number.number == steps + 1 <= number.total
        state = accepted.state
        steps += 1
    assert is_finished(definition, state, profile)
    return state


@SETTINGS
@given(profiles, st.data())
def test_demo_runs_keep_every_engine_property(
    demo: Definition, profile: dict[str, Any], data: st.DataObject
) -> None:
    state = walk(demo, profile, data)

    assert set(collected_answers(demo, state, profile)) == set(state.path)


@SETTINGS
@given(branching_definitions(), profiles, st.data())
def test_generated_branching_definitions_keep_every_engine_property(
    raw: dict[str, Any], profile: dict[str, Any], data: st.DataObject
) -> None:
    definition = Definition.model_validate(raw)
    assert validate(definition, "generated.toml", ("en", "ru")) == []

    walk(definition, profile, data)


@SETTINGS
@given(profiles, st.data())
def test_resuming_from_any_checkpoint_finishes_like_not_stopping(
    demo: Definition, profile: dict[str, Any], data: st.DataObject
) -> None:
    inputs: dict[str, Any] = {}
    state = start_run(demo, "L0")
    checkpoints = [state.model_dump_json()]
    while (question := current_question(demo, state, profile)) is not None:
        inputs.setdefault(question.id, data.draw(valid_inputs(question)))
        state = submit(demo, state, profile, inputs[question.id]).state  # type: ignore[union-attr]
        checkpoints.append(state.model_dump_json())
    stop = data.draw(st.integers(0, len(checkpoints) - 1))

    resumed = RunState.model_validate_json(checkpoints[stop])
    while (question := current_question(demo, resumed, profile)) is not None:
        resumed = submit(demo, resumed, profile, inputs[question.id]).state  # type: ignore[union-attr]

    assert resumed == state


@SETTINGS
@given(profiles, st.data())
def test_answers_to_questions_hidden_after_a_change_never_count(
    demo: Definition, profile: dict[str, Any], data: st.DataObject
) -> None:
    state = walk(demo, profile, data)
    steps_back = data.draw(st.integers(1, len(state.path)))
    for _ in range(steps_back):
        state = back(demo, state, profile).state  # type: ignore[union-attr]
    while (question := current_question(demo, state, profile)) is not None:
        state = submit(demo, state, profile, data.draw(valid_inputs(question))).state  # type: ignore[union-attr]

    counted = collected_answers(demo, state, profile)
    env = result_environment(demo, state, profile)
    stale = set(state.answers) - set(state.path)
    assert not stale & set(counted)
    for question_id in counted:
        question = next(q for q in demo.levels["L0"].questions if q.id == question_id)
        conditions = (_block_condition(demo, question_id), question.show_if)
        assert all(parse(text).holds(env) for text in conditions if text)
    assert scale_totals(demo, state, profile) == _expected_scales(demo, counted)


def _expected_scales(definition: Definition, counted: Mapping[str, object]) -> dict[str, float]:
    totals: dict[str, float] = {"apnea": 0, "insomnia_signs": 0, "isi": 0, "sleepiness": 0}
    for question in definition.levels["L0"].questions:
        value = counted.get(question.id)
        if question.type == "yes_no" and value is not None:
            weights = question.yes_scores if value is True else question.no_scores
            for name, weight in (weights or {}).items():
                totals[name] += weight
        chosen = value if isinstance(value, list) else [value]
        for option in question.choices:
            if option.value in chosen:
                for name, weight in option.scores.items():
                    totals[name] += weight
    return totals
