"""Record one answer to the current question of a run."""

from __future__ import annotations

import attrs

from sleeplab_core.kernel.clock import Clock
from sleeplab_core.questionnaires.engine import Accepted, Rejected, submit
from sleeplab_core.questionnaires.environment import Profile
from sleeplab_core.questionnaires.model import Definition
from sleeplab_core.questionnaires.runs import QuestionnaireRun, RunsUnitOfWork
from sleeplab_core.questionnaires.state import RunState
from sleeplab_core.questionnaires.use_cases.checkpoint import checkpoint


@attrs.frozen
class Answered:
    """The answer was taken: the run as stored and its new state."""

    run: QuestionnaireRun
    state: RunState


async def record_answer(
    uow: RunsUnitOfWork,
    clock: Clock,
    definition: Definition,
    run: QuestionnaireRun,
    profile: Profile,
    raw: str | list[str],
    *,
    locale: str,
) -> Answered | Rejected:
    """Validate ``raw`` against the current question and checkpoint the run; a refused
    answer (:class:`Rejected`, with the reason to show) changes nothing."""
    state = RunState.model_validate(run.state)
    outcome = submit(definition, state, profile, raw, locale=locale)
    if not isinstance(outcome, Accepted):
        return outcome
    return Answered(await checkpoint(uow, clock, run, outcome.state), outcome.state)
