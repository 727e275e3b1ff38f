"""Pay a family's pool for a period to its members, in proportion to their steps.

The rule (who counts, what the pool is) is in ``sleeplab_core.rewards.family``. All
shares are one linked ledger transfer under a key naming the family and the period, so
the split is paid at most once, atomically; repeating it returns what was paid.
"""

from __future__ import annotations

from datetime import date

import attrs

from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.money import Money
from sleeplab_core.ledger import IdempotencyConflict, Ledger, Leg, TransferNotFound
from sleeplab_core.rewards import accounts
from sleeplab_core.rewards.config import RewardsRules
from sleeplab_core.rewards.family import family_pool, split_pool
from sleeplab_core.rewards.ports import RewardsUnitOfWorkFactory


@attrs.frozen
class FamilySplit:
    pool: int
    shares: dict[int, int]  # user id → points
    already_paid: bool = False


async def split_family_pool(
    uow: RewardsUnitOfWorkFactory,
    ledger: Ledger,
    clock: Clock,
    rules: RewardsRules,
    family_id: int,
    first_day: date,
    last_day: date,
) -> FamilySplit:
    """Compute and pay the period's split (idempotent per family and period)."""
    async with uow() as unit:
        members = [p.user_id for p in await unit.rewards.profiles.in_family(family_id)]
        walks = await unit.rewards.walks.in_family(family_id, first_day, last_day)
        pool = family_pool(sum(walk.points for walk in walks), rules.family_pool_per_mille)
        steps = dict.fromkeys(members, 0)
        for walk in walks:
            if walk.user_id in steps:
                steps[walk.user_id] += walk.steps
        await unit.rewards.families.record_split(family_id, first_day, last_day, pool, clock.now())
        await unit.commit()
    shares = split_pool(pool, steps)
    return await _pay(ledger, rules, family_id, first_day, last_day, FamilySplit(pool, shares))


async def _pay(
    ledger: Ledger,
    rules: RewardsRules,
    family_id: int,
    first_day: date,
    last_day: date,
    split: FamilySplit,
) -> FamilySplit:
    key = accounts.family_key(family_id, first_day.isoformat(), last_day.isoformat())
    legs = [
        Leg(accounts.ISSUER, accounts.player(user), Money(share, rules.unit), reason="family")
        for user, share in split.shares.items()
        if share > 0
    ]
    if not legs:
        return split
    await accounts.open_accounts(ledger, rules.unit, *split.shares)
    try:
        await ledger.transfer_linked(key, legs)
    except IdempotencyConflict:  # paid before, to the members of that time
        return await _paid(ledger, key)
    return split


async def _paid(ledger: Ledger, key: str) -> FamilySplit:
    try:
        booked = await ledger.transfers(key)
    except TransferNotFound:  # pragma: no cover - a conflict means something was booked
        booked = ()
    shares = {int(t.destination.removeprefix("user:")): t.amount.amount for t in booked}
    return FamilySplit(sum(shares.values()), shares, already_paid=True)
