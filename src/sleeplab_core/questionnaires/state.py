"""The state of one run through a level: small, serializable, checkpointed after every answer."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from sleeplab_core.questionnaires.model import AnswerValue


class RunState(BaseModel):
    """Where a user is in a level of a questionnaire.

    Attributes:
        definition_id: the questionnaire id.
        definition_version: the version the run started on and finishes on.
        level: the level id (``"L0"``).
        path: ids of the questions answered, in the order they were shown.
        answers: the latest answer per question id, including answers to questions no longer
            on the path (kept as defaults after ``back``; they count for nothing else).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    definition_id: str
    definition_version: int
    level: str
    path: tuple[str, ...] = ()
    answers: dict[str, AnswerValue] = Field(default_factory=dict)
