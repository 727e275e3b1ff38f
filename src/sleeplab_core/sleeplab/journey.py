"""SleepLab's levels: which are free, which need a purchase, what comes after what."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sleeplab_core.kernel.users import UserId
from sleeplab_core.questionnaires.runs import RunStatus
from sleeplab_core.storage.ports import UnitOfWork

QUESTIONNAIRE_ID = "sleeplab"
"""The questionnaire whose levels make up SleepLab's journey."""

LEVELS = ("L0", "L1", "L2")
FREE_LEVELS = frozenset({"L0"})
PRODUCTS_UNLOCKING = {
    "L1": frozenset({"sleeplab_l1", "sleeplab_bundle"}),
    "L2": frozenset({"sleeplab_l2", "sleeplab_bundle"}),
}
"""A paid level opens with any of these products (the bundle opens both)."""

DEV_UNLOCK_SOURCE = "dev-unlock"
"""The entitlement source of ``sleeplab chat --unlock``: a developer flag, never a sale."""


class LevelState(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


async def level_state(uow: UnitOfWork, user_id: UserId, level: str) -> LevelState:
    run = await uow.runs.latest(user_id, level, questionnaire=QUESTIONNAIRE_ID)
    if run is None:
        return LevelState.NOT_STARTED
    if run.status is RunStatus.IN_PROGRESS:
        return LevelState.IN_PROGRESS
    if run.status is RunStatus.COMPLETED:
        return LevelState.COMPLETED
    # An abandoned run counts as done if an earlier completion exists: the user retook it.
    for earlier in reversed(await uow.runs.for_user(user_id)):
        if earlier.level == level and earlier.status is RunStatus.COMPLETED:
            return LevelState.COMPLETED
    return LevelState.NOT_STARTED


async def is_unlocked(uow: UnitOfWork, user_id: UserId, level: str, now: datetime) -> bool:
    """Free levels always; paid ones with an active entitlement to a product that opens them."""
    if level in FREE_LEVELS:
        return True
    products = {e.product for e in await uow.entitlements.active(user_id, now)}
    return bool(products & PRODUCTS_UNLOCKING.get(level, frozenset()))


def previous_level(level: str) -> str | None:
    index = LEVELS.index(level)
    return LEVELS[index - 1] if index else None


def next_level(level: str) -> str | None:
    index = LEVELS.index(level)
    return LEVELS[index + 1] if index + 1 < len(LEVELS) else None
