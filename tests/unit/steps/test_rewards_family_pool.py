"""Paying a family pool: in parts past the ledger's 100 legs, once, summing to the pool."""

from __future__ import annotations

from datetime import UTC, date, datetime

import attrs

from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.ledger import InMemoryLedger
from sleeplab_core.rewards import InMemoryRewardsDatabase, default_rules
from sleeplab_core.rewards.accounts import points_balance
from sleeplab_core.rewards.model import MeasuredBy, Profile, Walk, WalkStatus, WeatherReading
from sleeplab_core.rewards.use_cases.split_family_pool import split_family_pool

DAY = date(2026, 1, 10)
NOW = datetime(2026, 1, 10, 20, 0, tzinfo=UTC)
RULES = attrs.evolve(default_rules(), family_max_members=1000)


async def test_a_family_of_250_is_paid_exactly_once_in_parts():
    clock = FakeClock(NOW)
    uow, ledger = InMemoryRewardsDatabase(), InMemoryLedger(clock)
    async with uow() as unit:
        family = await unit.rewards.families.add("Big", 1, "code", NOW)
        for user in range(1, 251):
            await unit.rewards.profiles.save(
                Profile(user, "P", "+7", NOW, referral_code=f"r{user}", family_id=family.id)
            )
            await unit.rewards.walks.add(
                Walk(
                    0,
                    user,
                    "w",
                    MeasuredBy.FORM,
                    WalkStatus.COUNTED,
                    DAY,
                    NOW,
                    60,
                    1000 + user,
                    0,
                    WeatherReading("fixed", 0, NOW),
                    1000,
                    10,
                    family.id,
                )
            )
        await unit.commit()
    first = await split_family_pool(uow, ledger, clock, RULES, family.id, DAY, DAY)
    again = await split_family_pool(uow, ledger, clock, RULES, family.id, DAY, DAY)
    assert first.pool == 250 * 10 * RULES.family_pool_per_mille // 1000
    assert sum(first.shares.values()) == first.pool
    assert again.shares == first.shares
    paid = [await points_balance(ledger, RULES.unit, user) for user in range(1, 251)]
    assert paid == [first.shares[user] for user in range(1, 251)]
