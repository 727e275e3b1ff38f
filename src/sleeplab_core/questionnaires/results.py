"""What a run hands on to scoring and diagnosis: shown answers only."""

from __future__ import annotations

from sleeplab_core.questionnaires.environment import (
    Environment,
    Profile,
    scale_totals_of,
    shown_answers,
)
from sleeplab_core.questionnaires.model import AnswerValue, Definition, Question
from sleeplab_core.questionnaires.plan import plan_for_state
from sleeplab_core.questionnaires.state import RunState


def _plain(value: AnswerValue) -> object:
    return list(value) if isinstance(value, tuple) else value


def collected_answers(
    definition: Definition, state: RunState, profile: Profile
) -> dict[str, object]:
    """``{question_id: value}`` for the shown, answered questions (multiple choice as a list)."""
    plan = plan_for_state(definition, state)
    return {key: _plain(value) for key, value in shown_answers(plan, state, profile).items()}


def scale_totals(definition: Definition, state: RunState, profile: Profile) -> dict[str, float]:
    """``{scale: total}`` of option ``scores`` over the shown answers (0 for unused scales)."""
    plan = plan_for_state(definition, state)
    return scale_totals_of(plan, shown_answers(plan, state, profile))


def _instrument_value(question: Question, value: AnswerValue) -> object:
    if question.type == "single":
        option = question.option(str(value))
        return value if option is None else option.instrument_input
    if question.type == "multiple" and isinstance(value, tuple):
        options = (question.option(item) for item in value)
        return [option.instrument_input for option in options if option is not None]
    if question.type == "duration" and question.duration_unit == "hours":
        return value / 60 if isinstance(value, int) else value
    return value


def instrument_inputs(
    definition: Definition, state: RunState, profile: Profile
) -> dict[str, dict[str, object]]:
    """``{instrument: {item: value}}`` from ``maps_to`` of shown answers and calculated values.

    Calculated values that are ``None`` (not computable) are left out, as are unanswered items:
    the scoring library reports what is missing.
    """
    plan = plan_for_state(definition, state)
    answers = shown_answers(plan, state, profile)
    inputs: dict[str, dict[str, object]] = {}
    for question_id, value in answers.items():
        step = plan.step(question_id)
        if step is not None and step.question.maps_to:
            instrument, item = step.question.maps_to.split(".", 1)
            inputs.setdefault(instrument, {})[item] = _instrument_value(step.question, value)
    env = Environment(plan, answers, profile)
    for name, calculated in plan.calculated.items():
        computed = env.get(name)
        if calculated.maps_to and computed is not None:
            instrument, item = calculated.maps_to.split(".", 1)
            inputs.setdefault(instrument, {})[item] = computed
    return inputs


def result_environment(
    definition: Definition, state: RunState, profile: Profile
) -> dict[str, object]:
    """Every name a diagnosis rule may read from this run.

    Shown answers by question id, calculated values by name, ``scale.<name>`` totals and
    ``profile.<field>``; the caller adds its own names (e.g. ``score.isi.total``).
    """
    plan = plan_for_state(definition, state)
    env = Environment(plan, shown_answers(plan, state, profile), profile)
    return {
        name: _plain(value) if isinstance(value, tuple) else value for name, value in env.items()
    }
