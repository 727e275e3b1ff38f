"""Begin a run of one level of a questionnaire (its latest version)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.users import UserId
from sleeplab_core.questionnaires.engine import start_run
from sleeplab_core.questionnaires.model import Definition
from sleeplab_core.questionnaires.runs import QuestionnaireRun, RunStatus, RunsUnitOfWork
from sleeplab_core.questionnaires.state import RunState


async def begin_run(
    uow: RunsUnitOfWork,
    clock: Clock,
    definition: Definition,
    *,
    user_id: UserId,
    level: str,
    prepare: Callable[[RunState], RunState] | None = None,
    new_id: Callable[[], str] = lambda: uuid.uuid4().hex,
) -> QuestionnaireRun:
    """Store a new run of ``level`` for the user and return it.

    ``prepare`` may adjust the fresh state before it is stored (a bot offering earlier
    answers as defaults, say)."""
    state = start_run(definition, level)
    if prepare is not None:
        state = prepare(state)
    now = clock.now()
    run = QuestionnaireRun(
        id=new_id(),
        user_id=user_id,
        questionnaire=definition.id,
        version=str(definition.version),
        level=level,
        status=RunStatus.IN_PROGRESS,
        started_at=now,
        updated_at=now,
        state=state.model_dump(mode="json"),
    )
    await uow.runs.save(run)
    return run
