"""A promo code that grants bonus points (a promo group's codes, through the promo module).

A bonus code is a ``FIXED`` promo code with an amount in the points unit and, if it names
products, the product ``steps-bonus``. Redeeming it books one use in the promo module (its
limits per user and overall hold under concurrency) and credits the points under a key
naming the user and the code, so a repeat never pays twice.
"""

from __future__ import annotations

from datetime import timedelta
from types import TracebackType
from typing import Protocol, Self

import attrs

from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.money import Money
from sleeplab_core.ledger import Ledger, Leg
from sleeplab_core.promo.errors import PromoAlreadyUsed, PromoNotForCurrency, PromoNotFound
from sleeplab_core.promo.model import RedemptionState, normalize_code
from sleeplab_core.promo.ports import PromoRepository
from sleeplab_core.promo.rules import check_applicable
from sleeplab_core.rewards import accounts
from sleeplab_core.rewards.config import RewardsRules

BONUS_PRODUCT = "steps-bonus"


class PromoUnitOfWork(Protocol):
    promos: PromoRepository

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...


class PromoUnitOfWorkFactory(Protocol):
    def __call__(self) -> PromoUnitOfWork: ...


async def redeem_bonus_code(
    uow: PromoUnitOfWorkFactory,
    ledger: Ledger,
    clock: Clock,
    rules: RewardsRules,
    user_id: int,
    typed: str,
) -> int:
    """Credit the code's points to the user; returns them.

    Raises:
        PromoError: not found, not active, expired, not a points code, already used, used up
            (its ``message`` is the text for the user).
    """
    code = normalize_code(typed)
    now = clock.now()
    use = f"steps-bonus:{user_id}:{code}"
    async with uow() as unit:
        promo = await unit.promos.get(code)
        if promo is None:
            raise PromoNotFound(code)
        check_applicable(promo, product=BONUS_PRODUCT, now=now, first_purchase=False)
        points = promo.amounts.get(rules.unit, 0)
        if points <= 0:
            raise PromoNotForCurrency(code, rules.unit)
        uses = await unit.promos.uses(code)
        again = any(u.order_id == use and u.state is RedemptionState.REDEEMED for u in uses)
        if not again:
            await unit.promos.reserve(promo, user_id, use, now, now + timedelta(minutes=5))
            await unit.promos.redeem(use, now)
            await unit.commit()
    await _credit(ledger, rules, user_id, code, points)  # again: heals a crash before paying
    if again:
        raise PromoAlreadyUsed(code)
    return points


async def _credit(
    ledger: Ledger, rules: RewardsRules, user_id: int, code: str, points: int
) -> None:
    await accounts.open_accounts(ledger, rules.unit, user_id)
    leg = Leg(accounts.ISSUER, accounts.player(user_id), Money(points, rules.unit))
    await ledger.transfer(f"steps:promo:{user_id}:{code}", attrs.evolve(leg, reason="promo"))
