"""SleepLab's broadcast audiences: named queries over storage."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from sleeplab_core.jobs.segments import DEFAULT_SEGMENTS, SegmentQuery
from sleeplab_core.kernel.users import UserId
from sleeplab_core.questionnaires.runs import RunStatus
from sleeplab_core.sleeplab.journey import FREE_LEVELS, LEVELS, PRODUCTS_UNLOCKING, QUESTIONNAIRE_ID

if TYPE_CHECKING:
    from sleeplab_core.storage.ports import UnitOfWork


async def l0_completed_not_paid(uow: UnitOfWork) -> list[UserId]:
    """Active users who finished L0 but hold no paid entitlement to any level."""
    paid = frozenset().union(*PRODUCTS_UNLOCKING.values())
    members = []
    for user_id in await uow.users.ids(active_only=True):
        runs = await uow.runs.for_user(user_id)
        if not any(r.level == "L0" and r.status is RunStatus.COMPLETED for r in runs):
            continue
        owned = {e.product for e in await uow.entitlements.all_for(user_id)}
        if not owned & paid:
            members.append(user_id)
    return members


async def paid_level_unfinished(uow: UnitOfWork) -> list[UserId]:
    """Active users with a paid level started and not completed."""
    members = []
    paid_levels = [level for level in LEVELS if level not in FREE_LEVELS]
    for user_id in await uow.users.ids(active_only=True):
        for level in paid_levels:
            run = await uow.runs.latest(user_id, level, questionnaire=QUESTIONNAIRE_ID)
            if run is not None and run.status is RunStatus.IN_PROGRESS:
                members.append(user_id)
                break
    return members


SLEEPLAB_SEGMENTS: Mapping[str, SegmentQuery] = {
    **DEFAULT_SEGMENTS,
    "l0_completed_not_paid": l0_completed_not_paid,
    "paid_level_unfinished": paid_level_unfinished,
}
"""Broadcast audiences: ``all_active`` plus SleepLab's own."""
