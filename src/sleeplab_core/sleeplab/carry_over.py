"""What a paid level takes over from the free one: the same facts asked again are offered
with the earlier answer (kept with one tap, or changed), never asked blank."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from sleeplab_core.questionnaires import AnswerValue, RunState
from sleeplab_core.questionnaires.runs import QuestionnaireRun, RunStatus
from sleeplab_core.storage.ports import UnitOfWork

Convert = Callable[[object], AnswerValue | None]


def _same(value: object) -> AnswerValue | None:
    return value if isinstance(value, str | int | float | bool) else None


def _dozed(value: object) -> AnswerValue | None:
    return {"yes": True, "no": False}.get(str(value))


CARRY_OVER: Mapping[str, Mapping[str, tuple[str, Convert]]] = {
    "L1": {
        "psqi_bedtime": ("bedtime", _same),
        "psqi_rise_time": ("rise_time", _same),
        "drowsy_driving": ("dozed_at_wheel", _dozed),
    },
}
"""Level -> its question -> (the free level's question, how its answer converts)."""


async def earlier_answers(uow: UnitOfWork, user_id: int, level: str) -> dict[str, AnswerValue]:
    """The free level's answers as defaults for ``level``'s questions that ask the same."""
    wanted = CARRY_OVER.get(level)
    if not wanted:
        return {}
    runs = [r for r in await uow.runs.for_user(user_id) if r.level == "L0"]
    done = [r for r in runs if r.status is RunStatus.COMPLETED]
    if not done:
        return {}
    answers = _answers(done[-1])
    carried: dict[str, AnswerValue] = {}
    for question, (source, convert) in wanted.items():
        value = convert(answers.get(source)) if source in answers else None
        if value is not None:
            carried[question] = value
    return carried


def with_defaults(state: RunState, defaults: Mapping[str, AnswerValue]) -> RunState:
    """``state`` whose questions show ``defaults`` as earlier answers (none is answered)."""
    if not defaults:
        return state
    return state.model_copy(update={"answers": {**defaults, **state.answers}})


def _answers(run: QuestionnaireRun) -> Mapping[str, object]:
    answers = run.result.get("answers", {})
    return answers if isinstance(answers, dict) else {}
