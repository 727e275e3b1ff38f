"""Pay a family's pool for a period to its members, in proportion to their steps.

The rule (who counts, what the pool is) is in ``sleeplab_core.rewards.family``. The
shares are linked ledger transfers under keys naming the family and the period (one per
100 members), so the split is paid at most once; repeating it returns what was paid.
"""

from __future__ import annotations

import itertools
from datetime import date

import attrs

from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.money import Money
from sleeplab_core.ledger import IdempotencyConflict, Ledger, Leg, TransferNotFound
from sleeplab_core.rewards import accounts
from sleeplab_core.rewards.config import RewardsRules
from sleeplab_core.rewards.family import family_pool, split_pool
from sleeplab_core.rewards.ports import RewardsUnitOfWorkFactory

# The ledger books at most 100 legs atomically; a larger family is paid in parts, each
# idempotent under its own key (``<key>:<part>``), in a deterministic order (by user id).
LEGS_PER_TRANSFER = 100


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
        for index in range(0, len(legs), LEGS_PER_TRANSFER):
            part = legs[index : index + LEGS_PER_TRANSFER]
            await ledger.transfer_linked(f"{key}:{index // LEGS_PER_TRANSFER}", part)
    except IdempotencyConflict:  # paid before, to the members of that time
        return await _paid(ledger, key)
    return split


async def _paid(ledger: Ledger, key: str) -> FamilySplit:
    shares: dict[int, int] = {}
    for part in itertools.count():
        try:
            booked = await ledger.transfers(f"{key}:{part}")
        except TransferNotFound:
            break
        shares.update((int(t.destination.removeprefix("user:")), t.amount.amount) for t in booked)
    return FamilySplit(sum(shares.values()), shares, already_paid=True)
