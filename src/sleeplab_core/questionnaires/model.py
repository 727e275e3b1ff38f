"""The questionnaire definition as loaded from a data file (format: docs/questionnaires.md)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

QuestionType = Literal[
    "single", "multiple", "yes_no", "integer", "decimal", "time", "duration", "text"
]
DurationUnit = Literal["minutes", "hours"]

LocalizedText = dict[str, str]
"""Wording per locale: ``{"en": "How old are you?", "ru": "Сколько вам лет?"}``."""

Scores = dict[str, int | float]
"""Weights added to named scales: ``{"isi": 3}``."""

InputValue = bool | int | float | str
"""What an option hands to the scoring instrument item named by ``maps_to``."""

AnswerValue = bool | int | float | str | tuple[str, ...]
"""A stored answer: see "Answer values by type" in docs/questionnaires.md."""

PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
"""Piping in texts: ``{answer.id}``, ``{calc.name}``, ``{profile.field}``; ``{{``/``}}`` are
literal braces."""


def localized(text: LocalizedText, locale: str) -> str:
    """The text in ``locale``, falling back to English, then to any locale present."""
    return text.get(locale) or text.get("en") or next(iter(text.values()), "")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class Option(_Strict):
    """One choice of a ``single`` or ``multiple`` question."""

    value: str
    text: LocalizedText
    scores: Scores = Field(default_factory=dict)
    input: InputValue | None = None
    exclusive: bool = False

    @property
    def instrument_input(self) -> InputValue:
        """The value given to the question's ``maps_to`` item."""
        return self.value if self.input is None else self.input


class Check(_Strict):
    """A rule an answer must keep, usually against earlier answers.

    ``valid_if`` is a condition over the candidate answer (under the question's own id),
    earlier answers, calculated values, scales and the profile; when it is false the answer is
    rejected with ``message`` (localized, may pipe values). When a name it reads, or the whole
    condition, is null (say, an earlier question was hidden) the check does not apply.
    """

    valid_if: str
    message: LocalizedText


class Question(_Strict):
    """One question; fields that do not belong to its ``type`` stay ``None``."""

    id: str
    type: QuestionType
    text: LocalizedText
    hint: LocalizedText | None = None
    show_if: str | None = None
    maps_to: str | None = None
    options: tuple[Option, ...] | None = None
    min: int | float | None = None
    max: int | float | None = None
    unit: LocalizedText | None = None
    duration_unit: DurationUnit | None = None
    yes_scores: Scores | None = None
    no_scores: Scores | None = None
    max_length: int | None = None
    min_choices: int | None = None
    checks: tuple[Check, ...] = ()

    @property
    def choices(self) -> tuple[Option, ...]:
        """The options (empty for types without options)."""
        return self.options or ()

    def option(self, value: str) -> Option | None:
        """The option with this value, if any."""
        return next((option for option in self.choices if option.value == value), None)


class Calculated(_Strict):
    """A named value computed from answers (long form of a ``calculated`` entry)."""

    expr: str
    maps_to: str | None = None


class Block(_Strict):
    """A group of questions sharing an optional condition."""

    id: str
    title: LocalizedText | None = None
    show_if: str | None = None
    calculated: dict[str, str | Calculated] = Field(default_factory=dict)
    questions: tuple[Question, ...]


class Level(_Strict):
    """One level (L0, L1, L2): blocks asked in order in one run."""

    title: LocalizedText | None = None
    calculated: dict[str, str | Calculated] = Field(default_factory=dict)
    blocks: tuple[Block, ...]

    @property
    def questions(self) -> tuple[Question, ...]:
        """Every question of the level in asking order."""
        return tuple(question for block in self.blocks for question in block.questions)


class Definition(_Strict):
    """A versioned questionnaire: levels of blocks of questions."""

    id: str
    version: int = Field(ge=1)
    title: LocalizedText | None = None
    levels: dict[str, Level]

    @property
    def key(self) -> tuple[str, int]:
        """``(id, version)``: how a library and a run state name this definition."""
        return (self.id, self.version)
