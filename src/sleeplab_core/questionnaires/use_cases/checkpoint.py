"""Store a run's new state (the checkpoint after every step)."""

from __future__ import annotations

import attrs

from sleeplab_core.kernel.clock import Clock
from sleeplab_core.questionnaires.runs import QuestionnaireRun, RunsUnitOfWork
from sleeplab_core.questionnaires.state import RunState


async def checkpoint(
    uow: RunsUnitOfWork, clock: Clock, run: QuestionnaireRun, state: RunState
) -> QuestionnaireRun:
    """``run`` with ``state``, saved."""
    run = attrs.evolve(run, state=state.model_dump(mode="json"), updated_at=clock.now())
    await uow.runs.save(run)
    return run
