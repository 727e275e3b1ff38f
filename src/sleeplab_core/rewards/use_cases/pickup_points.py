"""Pickup points: the admin replaces the whole list; players search it by city."""

from __future__ import annotations

from collections.abc import Sequence

from sleeplab_core.rewards.model import PickupPoint
from sleeplab_core.rewards.ports import RewardsUnitOfWorkFactory
from sleeplab_core.rewards.text import normalise_address

MAX_RESULTS = 20


async def replace_pickup_points(
    uow: RewardsUnitOfWorkFactory, points: Sequence[PickupPoint]
) -> int:
    """Replace the list in one unit of work (readers see the old list or the new, never half)."""
    async with uow() as unit:
        count = await unit.rewards.pickup_points.replace_all(points)
        await unit.commit()
    return count


async def find_pickup_points(uow: RewardsUnitOfWorkFactory, city: str) -> list[PickupPoint]:
    """Points whose address contains ``city`` (case- and ё/е-insensitive); blank: none."""
    if not normalise_address(city):
        return []
    async with uow() as unit:
        found = await unit.rewards.pickup_points.search(city)
    return found[:MAX_RESULTS]
