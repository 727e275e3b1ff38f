"""A level compiled for asking: questions in order with their parsed conditions.

Compiling parses every expression once; the result is cached per definition object so the
engine's pure functions stay cheap when called for every step.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator

import attrs

from sleeplab_core.kernel.errors import Conflict, NotFound
from sleeplab_core.kernel.expressions import Expression, parse
from sleeplab_core.questionnaires.model import (
    Block,
    Calculated,
    Definition,
    Level,
    LocalizedText,
    Question,
)
from sleeplab_core.questionnaires.state import RunState


@attrs.frozen
class CalculatedValue:
    """A calculated value with its parsed expression and where it may be used."""

    name: str
    expression: Expression
    maps_to: str | None
    scope_end: int  # index of the last question its expression may use


@attrs.frozen
class AnswerCheck:
    """A question's check with its parsed condition."""

    valid_if: Expression
    message: LocalizedText


@attrs.frozen
class Step:
    """A question in asking order, with every condition that must hold to show it and every
    check its answer must pass."""

    index: int
    question: Question
    block: Block
    conditions: tuple[Expression, ...]
    checks: tuple[AnswerCheck, ...] = ()


@attrs.frozen
class LevelPlan:
    """A level ready to be asked."""

    level_id: str
    steps: tuple[Step, ...]
    calculated: dict[str, CalculatedValue]
    scales: frozenset[str]
    by_id: dict[str, Step] = attrs.field(init=False, eq=False)

    @by_id.default
    def _index(self) -> dict[str, Step]:
        return {step.question.id: step for step in self.steps}

    def step(self, question_id: str) -> Step | None:
        return self.by_id.get(question_id)

    def index_of(self, question_id: str) -> int:
        step = self.step(question_id)
        return -1 if step is None else step.index


def calculated_entries(level: Level) -> Iterator[tuple[str, str | Calculated, int | None]]:
    """Every calculated entry as ``(name, spec, block_index)``; level-wide ones have None."""
    for index, block in enumerate(level.blocks):
        for name, spec in block.calculated.items():
            yield name, spec, index
    for name, spec in level.calculated.items():
        yield name, spec, None


def level_scales(level: Level) -> frozenset[str]:
    """Names of every scale an option or a yes/no answer of the level adds to."""
    names: set[str] = set()
    for question in level.questions:
        for option in question.choices:
            names.update(option.scores)
        names.update(question.yes_scores or {})
        names.update(question.no_scores or {})
    return frozenset(names)


def _compile(definition: Definition, level_id: str) -> LevelPlan:
    level = definition.levels[level_id]
    steps: list[Step] = []
    block_ends: list[int] = []
    for block in level.blocks:
        for question in block.questions:
            conditions = tuple(parse(text) for text in (block.show_if, question.show_if) if text)
            checks = tuple(AnswerCheck(parse(c.valid_if), c.message) for c in question.checks)
            steps.append(Step(len(steps), question, block, conditions, checks))
        block_ends.append(len(steps) - 1)
    calculated = {}
    for name, spec, block_index in calculated_entries(level):
        full = spec if isinstance(spec, Calculated) else Calculated(expr=spec)
        end = len(steps) - 1 if block_index is None else block_ends[block_index]
        calculated[name] = CalculatedValue(name, parse(full.expr), full.maps_to, end)
    return LevelPlan(level_id, tuple(steps), calculated, level_scales(level))


_PLANS: dict[int, dict[str, LevelPlan]] = {}


def plan_for(definition: Definition, level_id: str) -> LevelPlan:
    """The compiled plan of one level of ``definition`` (cached while the definition lives).

    Raises:
        NotFound: when the definition has no such level.
    """
    if level_id not in definition.levels:
        raise NotFound(f"questionnaire {definition.id!r} has no level {level_id!r}")
    key = id(definition)
    plans = _PLANS.get(key)
    if plans is None:
        plans = _PLANS[key] = {}
        # Keyed by identity (pydantic models with dicts are unhashable); drop when it dies.
        weakref.finalize(definition, _PLANS.pop, key, None)
    if level_id not in plans:
        plans[level_id] = _compile(definition, level_id)
    return plans[level_id]


def plan_for_state(definition: Definition, state: RunState) -> LevelPlan:
    """The plan of the level ``state`` runs, checking the state belongs to ``definition``.

    Raises:
        Conflict: the state was started on another definition or version.
        NotFound: the definition has no such level.
    """
    if (state.definition_id, state.definition_version) != definition.key:
        raise Conflict(
            f"the run is on {state.definition_id} v{state.definition_version}, "
            f"not {definition.id} v{definition.version}"
        )
    return plan_for(definition, state.level)
