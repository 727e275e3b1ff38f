"""What happens when a level is completed: the run is closed with its computed result."""

from __future__ import annotations

from datetime import datetime

import attrs

from sleeplab_core.questionnaires import (
    Definition,
    RunState,
    collected_answers,
    instrument_inputs,
    result_environment,
    scale_totals,
)
from sleeplab_core.questionnaires.runs import QuestionnaireRun, RunStatus
from sleeplab_core.storage.ports import UnitOfWork


async def complete_run(
    uow: UnitOfWork,
    run: QuestionnaireRun,
    definition: Definition,
    state: RunState,
    profile: dict[str, object],
    now: datetime,
) -> QuestionnaireRun:
    """Close ``run``: store the answers that count, the scales and the instrument inputs."""
    result = {
        "answers": collected_answers(definition, state, profile),
        "scales": scale_totals(definition, state, profile),
        "inputs": instrument_inputs(definition, state, profile),
        "environment": result_environment(definition, state, profile),
    }
    done = attrs.evolve(
        run,
        status=RunStatus.COMPLETED,
        result=result,
        completed_at=now,
        updated_at=now,
        state=state.model_dump(mode="json"),
    )
    await uow.runs.save(done)
    return done
