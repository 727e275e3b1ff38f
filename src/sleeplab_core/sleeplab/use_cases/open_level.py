"""Open a level's questionnaire: resume the user's unfinished run, or begin one."""

from __future__ import annotations

import attrs

from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.users import UserId
from sleeplab_core.questionnaires import QuestionnaireLibrary
from sleeplab_core.questionnaires.runs import QuestionnaireRun, RunStatus
from sleeplab_core.questionnaires.use_cases import begin_run
from sleeplab_core.sleeplab.carry_over import earlier_answers, with_defaults
from sleeplab_core.sleeplab.journey import QUESTIONNAIRE_ID
from sleeplab_core.storage.ports import UnitOfWork


@attrs.frozen
class OpenedLevel:
    """The run to continue; ``reached`` the funnel steps (``L0:started`` for a new run)."""

    run: QuestionnaireRun
    reached: tuple[str, ...] = ()


async def open_level(
    uow: UnitOfWork,
    clock: Clock,
    library: QuestionnaireLibrary,
    *,
    user_id: UserId,
    level: str,
    questionnaire: str = QUESTIONNAIRE_ID,
) -> OpenedLevel:
    """The user's unfinished run of ``level``, or a new one whose questions offer the free
    level's answers to the same facts as defaults."""
    run = await uow.runs.latest(user_id, level, questionnaire=questionnaire)
    if run is not None and run.status is RunStatus.IN_PROGRESS:
        return OpenedLevel(run)
    carried = await earlier_answers(uow, user_id, level)
    run = await begin_run(
        uow,
        clock,
        library.latest(questionnaire),
        user_id=user_id,
        level=level,
        prepare=lambda state: with_defaults(state, carried),
    )
    return OpenedLevel(run, (f"{level}:started",))
