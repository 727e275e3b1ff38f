"""Finish a level: score the run, close it, stop its reminders."""

from __future__ import annotations

from sleeplab_core.kernel.clock import Clock
from sleeplab_core.questionnaires import Definition, RunState
from sleeplab_core.questionnaires.runs import QuestionnaireRun
from sleeplab_core.sleeplab.journey_jobs import INSTANT, JourneyJobs
from sleeplab_core.sleeplab.journey_reminders import level_finished
from sleeplab_core.sleeplab.scoring import complete_run
from sleeplab_core.storage.ports import UnitOfWork


async def finish_level(
    uow: UnitOfWork,
    clock: Clock,
    run: QuestionnaireRun,
    definition: Definition,
    state: RunState,
    profile: dict[str, object],
    jobs: JourneyJobs = INSTANT,
) -> QuestionnaireRun:
    """The run completed with its answers, scales and instrument inputs stored (what the
    result screen and the report read); the level's unfinished reminders are cancelled."""
    now = clock.now()
    done = await complete_run(uow, run, definition, state, profile, now)
    if jobs.reminders:
        await level_finished(uow, run.user_id, run.level, now)
    return done
