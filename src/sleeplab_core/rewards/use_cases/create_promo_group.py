"""A promo group as in the seed: a set of codes that each grant the same bonus points.

Each code becomes a promo code of the promo module (``FIXED`` in the points unit, for the
product ``steps-bonus``), with the group's limits and dates; redeeming one is
:func:`~sleeplab_core.rewards.use_cases.redeem_bonus_code.redeem_bonus_code`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import attrs

from sleeplab_core.promo.model import DiscountKind, PromoCode, normalize_code
from sleeplab_core.rewards.config import RewardsRules
from sleeplab_core.rewards.use_cases.redeem_bonus_code import (
    BONUS_PRODUCT,
    PromoUnitOfWorkFactory,
)

MAX_CODES = 10_000


@attrs.frozen
class PromoGroup:
    codes: Sequence[str]
    points: int
    max_per_user: int | None = 1
    max_redemptions: int | None = None
    starts_at: datetime | None = None
    expires_at: datetime | None = None


async def create_promo_group(
    uow: PromoUnitOfWorkFactory, rules: RewardsRules, group: PromoGroup
) -> list[str]:
    """Store (or replace) every code of the group; returns the codes as stored.

    Raises:
        ValidationFailed: a malformed code (3–32 of A–Z, 0–9, ``_``, ``-``), no positive
            points, a limit below 1, or more than 10,000 codes.
    """
    promos = [_promo(code, rules, group) for code in dict.fromkeys(group.codes)]
    if not promos or len(promos) > MAX_CODES:
        raise ValueError(f"a group has 1 to {MAX_CODES} codes")
    async with uow() as unit:
        for promo in promos:
            await unit.promos.save(promo)
        await unit.commit()
    return [promo.code for promo in promos]


def _promo(code: str, rules: RewardsRules, group: PromoGroup) -> PromoCode:
    return PromoCode(
        code=normalize_code(code),
        kind=DiscountKind.FIXED,
        amounts={rules.unit: group.points},
        products=frozenset({BONUS_PRODUCT}),
        max_per_user=group.max_per_user,
        max_redemptions=group.max_redemptions,
        starts_at=group.starts_at,
        expires_at=group.expires_at,
    )
