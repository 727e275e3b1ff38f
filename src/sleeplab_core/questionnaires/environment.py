"""The names a condition sees: shown answers, calculated values, scales and the profile."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from sleeplab_core.questionnaires.model import AnswerValue, Question, Scores
from sleeplab_core.questionnaires.plan import LevelPlan, Step
from sleeplab_core.questionnaires.state import RunState

Profile = Mapping[str, object]
"""Profile fields as the application passes them, without the ``profile.`` prefix."""


class Environment(Mapping[str, object]):
    """A read-only mapping of dotted names; calculated values are computed on first read."""

    def __init__(
        self,
        plan: LevelPlan,
        answers: Mapping[str, AnswerValue],
        profile: Profile,
        scales: Mapping[str, float] | None = None,
    ):
        self._plan = plan
        self._values: dict[str, object] = {f"profile.{k}": v for k, v in profile.items()}
        totals = scale_totals_of(plan, answers) if scales is None else scales
        self._values.update({f"scale.{name}": total for name, total in totals.items()})
        self._values.update(answers)
        self._computing: set[str] = set()

    def __getitem__(self, name: str) -> object:
        if name in self._values:
            return self._values[name]
        calculated = self._plan.calculated.get(name)
        if calculated is None or name in self._computing:
            raise KeyError(name)
        self._computing.add(name)  # cycles are rejected at load; this guards a bad state
        try:
            value = calculated.expression.evaluate(self)
        finally:
            self._computing.discard(name)
        self._values[name] = value
        return value

    def __iter__(self) -> Iterator[str]:
        yield from self._values
        yield from (name for name in self._plan.calculated if name not in self._values)

    def __len__(self) -> int:
        return len(set(self._values) | set(self._plan.calculated))


def answer_scores(question: Question, value: AnswerValue) -> list[Scores]:
    """The scale weights one answer adds."""
    if question.type == "yes_no":
        chosen = question.yes_scores if value is True else question.no_scores
        return [chosen] if chosen else []
    values = value if isinstance(value, tuple) else (value,)
    options = (question.option(str(item)) for item in values)
    return [option.scores for option in options if option is not None]


def scale_totals_of(plan: LevelPlan, answers: Mapping[str, AnswerValue]) -> dict[str, float]:
    """Sum per scale over ``answers`` (already restricted to shown questions); 0 when unused."""
    totals: dict[str, float] = dict.fromkeys(sorted(plan.scales), 0)
    for question_id, value in answers.items():
        _add_scores(plan, totals, question_id, value)
    return totals


def _add_scores(
    plan: LevelPlan, totals: dict[str, float], question_id: str, value: AnswerValue
) -> None:
    step = plan.step(question_id)
    if step is not None:
        for scores in answer_scores(step.question, value):
            for name, weight in scores.items():
                totals[name] = totals.get(name, 0) + weight


def is_shown(step: Step, env: Mapping[str, object]) -> bool:
    """Whether the block condition and the question condition both hold."""
    return all(condition.holds(env) for condition in step.conditions)


def shown_answers(plan: LevelPlan, state: RunState, profile: Profile) -> dict[str, AnswerValue]:
    """Answers of the questions on the path that are (still) shown, in path order.

    The path is re-checked so a question hidden by a changed earlier answer or profile counts
    for nothing: the "hidden answers are dropped" rule.
    """
    kept: dict[str, AnswerValue] = {}
    totals: dict[str, float] = dict.fromkeys(sorted(plan.scales), 0)  # kept up to date as we go
    for question_id in state.path:
        step = plan.step(question_id)
        if step is None or question_id not in state.answers:
            continue
        if is_shown(step, Environment(plan, kept, profile, totals)):
            kept[question_id] = state.answers[question_id]
            _add_scores(plan, totals, question_id, kept[question_id])
    return kept
