"""Pay every family's pool for a period (each family once; safe to repeat)."""

from __future__ import annotations

from datetime import date

import attrs

from sleeplab_core.kernel.clock import Clock
from sleeplab_core.ledger import Ledger
from sleeplab_core.rewards.config import RewardsRules
from sleeplab_core.rewards.errors import InvalidRules
from sleeplab_core.rewards.ports import RewardsUnitOfWorkFactory
from sleeplab_core.rewards.use_cases.split_family_pool import split_family_pool

MAX_PERIOD_DAYS = 92


@attrs.frozen
class FamiliesPaid:
    families: int
    points: int


async def split_all_families(
    uow: RewardsUnitOfWorkFactory,
    ledger: Ledger,
    clock: Clock,
    rules: RewardsRules,
    first_day: date,
    last_day: date,
) -> FamiliesPaid:
    """Split each family's pool of the period. Raises InvalidRules for a bad period."""
    if first_day > last_day or (last_day - first_day).days >= MAX_PERIOD_DAYS:
        raise InvalidRules(f"a period of 1 to {MAX_PERIOD_DAYS} days", field="period")
    async with uow() as unit:
        families = await unit.rewards.families.ids()
    points = 0
    for family_id in families:
        split = await split_family_pool(uow, ledger, clock, rules, family_id, first_day, last_day)
        points += sum(split.shares.values())
    return FamiliesPaid(len(families), points)
