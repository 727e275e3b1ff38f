"""Answer the current question of a level: record it, update the profile it asks about, and
finish the level after its last question."""

from __future__ import annotations

from typing import Any

import attrs

from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.users import User
from sleeplab_core.questionnaires import QuestionnaireLibrary, RunState, current_question
from sleeplab_core.questionnaires.engine import Rejected
from sleeplab_core.questionnaires.runs import QuestionnaireRun
from sleeplab_core.questionnaires.use_cases import record_answer
from sleeplab_core.sleeplab.journey_jobs import INSTANT, JourneyJobs
from sleeplab_core.sleeplab.journey_reminders import remind_unfinished
from sleeplab_core.sleeplab.profile import engine_profile, profile_changes
from sleeplab_core.sleeplab.use_cases.finish_level import finish_level
from sleeplab_core.storage.ports import UnitOfWork


@attrs.frozen
class LevelAnswer:
    """The answer was taken. ``user_changes`` are the profile fields it set (the caller saves
    the user); ``finished``: that was the last question and ``run`` is completed."""

    run: QuestionnaireRun
    state: RunState
    user: User
    user_changes: dict[str, Any]
    finished: bool
    reached: tuple[str, ...]


async def answer_question(
    uow: UnitOfWork,
    clock: Clock,
    library: QuestionnaireLibrary,
    user: User,
    run: QuestionnaireRun,
    raw: str | list[str],
    *,
    locale: str,
    jobs: JourneyJobs = INSTANT,
) -> LevelAnswer | Rejected:
    """Record ``raw`` for the run's current question (:class:`Rejected`, with the reason, if
    it is not a valid answer: nothing changes). The unfinished-level reminders move to 24 h
    after this answer; after the last one the level is finished (:func:`finish_level`)."""
    now = clock.now()
    definition = library.for_state(RunState.model_validate(run.state))
    profile = engine_profile(user, now)
    outcome = await record_answer(uow, clock, definition, run, profile, raw, locale=locale)
    if isinstance(outcome, Rejected):
        return outcome
    changes = profile_changes(definition, outcome.state, profile, now)
    if changes:
        user = attrs.evolve(user, **changes)
        profile = engine_profile(user, now)
    run, state = outcome.run, outcome.state
    reached = [f"{run.level}:answered"]
    finished = current_question(definition, state, profile) is None
    if finished:
        run = await finish_level(uow, clock, run, definition, state, profile, jobs)
        reached.append(f"{run.level}:finished")
    elif jobs.reminders:
        await remind_unfinished(uow, user, run.level, jobs, now)
    return LevelAnswer(run, state, user, changes, finished, tuple(reached))
