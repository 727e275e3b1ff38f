"""Abandon an unfinished run (the user starts the level over)."""

from __future__ import annotations

import attrs

from sleeplab_core.kernel.clock import Clock
from sleeplab_core.questionnaires.runs import QuestionnaireRun, RunStatus, RunsUnitOfWork


async def abandon_run(uow: RunsUnitOfWork, clock: Clock, run: QuestionnaireRun) -> QuestionnaireRun:
    """``run`` marked abandoned, saved (its answers stay for export until erased)."""
    abandoned = attrs.evolve(run, status=RunStatus.ABANDONED, updated_at=clock.now())
    await uow.runs.save(abandoned)
    return abandoned
