"""The questionnaire engine: pure functions from (definition, run state, profile) to the next step.

Rules (docs/questionnaires.md, "Engine rules"): questions are asked in file order; the current
question is the first shown question after the last answered one; answers to hidden questions
count for nothing; invalid input leaves the state unchanged.
"""

from __future__ import annotations

from typing import TypeAlias

import attrs

from sleeplab_core.kernel.i18n import DEFAULT_LOCALE, Message, msg
from sleeplab_core.questionnaires import messages as keys
from sleeplab_core.questionnaires.answers import AnswerRejected, RawInput, read_answer
from sleeplab_core.questionnaires.checks import failed_check
from sleeplab_core.questionnaires.environment import (
    Environment,
    Profile,
    is_shown,
    shown_answers,
)
from sleeplab_core.questionnaires.model import Definition, Question
from sleeplab_core.questionnaires.plan import LevelPlan, Step, plan_for, plan_for_state
from sleeplab_core.questionnaires.state import RunState


@attrs.frozen
class Accepted:
    """The input was taken; ``state`` is the new state to checkpoint."""

    state: RunState


@attrs.frozen
class Rejected:
    """The input was not taken; the state is unchanged. ``reason`` explains why."""

    reason: Message


StepResult: TypeAlias = Accepted | Rejected


@attrs.frozen
class Progress:
    """Question ``number`` of about ``total``; when finished, ``number == total``."""

    number: int
    total: int

    @property
    def message(self) -> Message:
        return msg(keys.PROGRESS, n=self.number, total=self.total)


def start_run(definition: Definition, level: str) -> RunState:
    """A fresh run of ``level`` on this definition's id and version.

    Raises:
        NotFound: the definition has no such level.
    """
    plan_for(definition, level)
    return RunState(definition_id=definition.id, definition_version=definition.version, level=level)


def current_step(plan: LevelPlan, state: RunState, profile: Profile) -> Step | None:
    """The step to ask now (internal helper shared with rendering)."""
    answers = shown_answers(plan, state, profile)
    start = max((plan.index_of(question_id) for question_id in answers), default=-1) + 1
    env = Environment(plan, answers, profile)
    return next((step for step in plan.steps[start:] if is_shown(step, env)), None)


def current_question(definition: Definition, state: RunState, profile: Profile) -> Question | None:
    """The question to ask now, or None when the run is finished.

    Raises:
        Conflict: ``state`` belongs to another definition or version.
    """
    step = current_step(plan_for_state(definition, state), state, profile)
    return None if step is None else step.question


def is_finished(definition: Definition, state: RunState, profile: Profile) -> bool:
    """Whether no question is left to ask."""
    return current_question(definition, state, profile) is None


def submit(
    definition: Definition,
    state: RunState,
    profile: Profile,
    raw: RawInput,
    *,
    locale: str = DEFAULT_LOCALE,
) -> StepResult:
    """Answer the current question with ``raw`` (typed text or button value(s)).

    The answer is read for the question's type, then must pass the question's ``checks``
    (evaluated with the candidate under the question's own id).

    Args:
        locale: the user's locale; names units in a rejection reason and picks the wording
            of a failed check's message.

    Returns:
        :class:`Accepted` with the new state, or :class:`Rejected` with the reason (the
        state passed in stays the one to keep).
    """
    plan = plan_for_state(definition, state)
    step = current_step(plan, state, profile)
    if step is None:
        return Rejected(msg(keys.ERROR_FINISHED))
    try:
        value = read_answer(step.question, raw, locale)
    except AnswerRejected as rejected:
        return Rejected(rejected.reason)
    before = shown_answers(plan, state, profile)
    failed = failed_check(plan, step, before, profile, value, locale)
    if failed is not None:
        return Rejected(failed)
    path = (*before, step.question.id)
    answers = {**state.answers, step.question.id: value}
    return Accepted(state.model_copy(update={"path": path, "answers": answers}))


def _path_before(plan: LevelPlan, state: RunState, profile: Profile) -> tuple[str, ...]:
    # The path without entries that a changed profile has hidden since they were answered.
    return tuple(shown_answers(plan, state, profile))


def back(definition: Definition, state: RunState, profile: Profile) -> StepResult:
    """Return to the previous shown question; its answer stays as the default.

    Returns:
        :class:`Accepted` with the state whose current question is the previous one, or
        :class:`Rejected` when the current question is the first.
    """
    plan = plan_for_state(definition, state)
    path = _path_before(plan, state, profile)
    if not path:
        return Rejected(msg(keys.ERROR_AT_FIRST_QUESTION))
    return Accepted(state.model_copy(update={"path": path[:-1]}))


def progress(definition: Definition, state: RunState, profile: Profile) -> Progress:
    """Question number and an estimate of the total from the currently visible questions."""
    plan = plan_for_state(definition, state)
    answers = shown_answers(plan, state, profile)
    current = current_step(plan, state, profile)
    if current is None:
        return Progress(len(answers), len(answers))
    env = Environment(plan, answers, profile)
    unanswered = {step.question.id for step in plan.steps[current.index :]}
    remaining = sum(
        1 for step in plan.steps[current.index :] if _may_show(plan, step, env, unanswered)
    )
    return Progress(len(answers) + 1, len(answers) + remaining)


def _may_show(plan: LevelPlan, step: Step, env: Environment, unanswered: set[str]) -> bool:
    return all(
        condition.holds(env) or bool(_question_names(plan, condition.references()) & unanswered)
        for condition in step.conditions
    )


def _question_names(plan: LevelPlan, names: frozenset[str]) -> set[str]:
    """The question ids ``names`` depend on, following calculated values."""
    found: set[str] = set()
    pending = list(names)
    seen: set[str] = set()
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        if name in plan.calculated:
            pending.extend(plan.calculated[name].expression.references())
        else:
            found.add(name)
    return found
