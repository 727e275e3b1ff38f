"""A player's rewards data: exported on request, erased on request.

Erasure deletes the profile (and so the family membership), every walk with its
locations and the points of a live location still being shared; orders are anonymised
(accounting keeps them); ledger entries stay, as the ledger is append-only and names only
an account. The referral row stays too: it holds no
personal data and keeps "one reward per referee" true if the person comes back.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import attrs

from sleeplab_core.rewards.ports import RewardsUnitOfWorkFactory


async def export_player(uow: RewardsUnitOfWorkFactory, user_id: int) -> dict[str, Any]:
    """The player's profile, walks (with locations), live-track points, orders and referral,
    JSON-ready."""
    async with uow() as unit:
        store = unit.rewards
        profile = await store.profiles.get(user_id)
        walks = await store.walks.for_user(user_id)
        orders = await store.orders.for_user(user_id)
        referral = await store.referrals.get(user_id)
        tracks = [
            await store.tracks.points(user_id, t) for t in await store.tracks.open_tracks(user_id)
        ]
    return {
        "profile": _plain(attrs.asdict(profile)) if profile else None,
        "walks": [_plain(attrs.asdict(walk)) for walk in walks],
        "orders": [_plain(attrs.asdict(order)) for order in orders],
        "live_track_points": [_plain(attrs.asdict(p)) for track in tracks for p in track],
        "referred_by_someone": referral is not None,
    }


async def erase_player(uow: RewardsUnitOfWorkFactory, user_id: int) -> None:
    """Delete the profile and walks, anonymise the orders (see the module docstring)."""
    async with uow() as unit:
        await unit.rewards.walks.erase(user_id)
        await unit.rewards.tracks.erase(user_id)
        await unit.rewards.orders.anonymise(user_id)
        await unit.rewards.profiles.erase(user_id)
        await unit.commit()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
