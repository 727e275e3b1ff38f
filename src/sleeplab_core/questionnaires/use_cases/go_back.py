"""Go back one question in a run."""

from __future__ import annotations

from sleeplab_core.kernel.clock import Clock
from sleeplab_core.questionnaires.engine import Accepted, Rejected, back
from sleeplab_core.questionnaires.environment import Profile
from sleeplab_core.questionnaires.model import Definition
from sleeplab_core.questionnaires.runs import QuestionnaireRun, RunsUnitOfWork
from sleeplab_core.questionnaires.state import RunState
from sleeplab_core.questionnaires.use_cases.checkpoint import checkpoint
from sleeplab_core.questionnaires.use_cases.record_answer import Answered


async def go_back(
    uow: RunsUnitOfWork,
    clock: Clock,
    definition: Definition,
    run: QuestionnaireRun,
    profile: Profile,
) -> Answered | Rejected:
    """Reopen the previous question (its answer kept as the default) and checkpoint; at the
    first question nothing changes (:class:`Rejected`, with the reason)."""
    outcome = back(definition, RunState.model_validate(run.state), profile)
    if not isinstance(outcome, Accepted):
        return outcome
    return Answered(await checkpoint(uow, clock, run, outcome.state), outcome.state)
