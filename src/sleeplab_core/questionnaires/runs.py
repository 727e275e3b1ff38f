"""Questionnaire runs: one user's pass through one level, checkpointed after every answer."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

import attrs

from sleeplab_core.kernel.users import UserId


class RunStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    ABANDONED = "abandoned"


@attrs.frozen
class QuestionnaireRun:
    """A level in progress or done. ``state`` is the engine's serialised run state."""

    id: str
    user_id: UserId
    questionnaire: str
    version: str
    level: str
    status: RunStatus
    started_at: datetime
    updated_at: datetime
    state: Mapping[str, Any] = attrs.field(factory=dict)
    result: Mapping[str, Any] = attrs.field(factory=dict)
    completed_at: datetime | None = None


class RunRepository(Protocol):
    """Questionnaire runs.

    Contract: ``save`` inserts or replaces by id; ``latest`` returns the user's most recently
    started run of ``level`` of that ``questionnaire`` (any status) or None — bots sharing
    a database never see each other's runs; ``for_user`` lists a user's runs oldest
    first; ``delete_user`` removes them all.
    """

    async def get(self, run_id: str) -> QuestionnaireRun | None: ...

    async def save(self, run: QuestionnaireRun) -> None: ...

    async def latest(
        self, user_id: UserId, level: str, *, questionnaire: str
    ) -> QuestionnaireRun | None: ...

    async def for_user(self, user_id: UserId) -> list[QuestionnaireRun]: ...

    async def delete_user(self, user_id: UserId) -> None: ...


class RunsUnitOfWork(Protocol):
    """What the questionnaire use cases need of a unit of work: the runs."""

    runs: RunRepository
