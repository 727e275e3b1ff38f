"""Promo rules as pure functions: applicability, limits, and the discounted price."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sleeplab_core.kernel.money import Money
from sleeplab_core.kernel.users import UserId
from sleeplab_core.promo.errors import (
    PromoAlreadyUsed,
    PromoExpired,
    PromoFirstPurchaseOnly,
    PromoNotActiveYet,
    PromoNotForCurrency,
    PromoNotForProduct,
    PromoUsedUp,
)
from sleeplab_core.promo.model import DiscountKind, PromoCode, Redemption


def check_applicable(
    promo: PromoCode, *, product: str, now: datetime, first_purchase: bool
) -> None:
    """Whether ``promo`` may discount ``product`` for this buyer at ``now`` (limits aside).

    Raises:
        PromoNotActiveYet, PromoExpired, PromoNotForProduct, PromoFirstPurchaseOnly.
    """
    if promo.starts_at is not None and now < promo.starts_at:
        raise PromoNotActiveYet(promo.code)
    if promo.expires_at is not None and now >= promo.expires_at:
        raise PromoExpired(promo.code)
    if not promo.applies_to(product):
        raise PromoNotForProduct(promo.code, product)
    if promo.first_purchase_only and not first_purchase:
        raise PromoFirstPurchaseOnly(promo.code)


def check_limits(
    promo: PromoCode, uses: Iterable[Redemption], *, user_id: UserId, now: datetime
) -> None:
    """Whether one more use by ``user_id`` fits the limits, given the code's ``uses``.

    Reserved uses of orders still awaiting payment count, so the limit can never be
    exceeded by payments that arrive later.

    Raises:
        PromoAlreadyUsed: the user reached ``max_per_user``.
        PromoUsedUp: all users together reached ``max_redemptions``.
    """
    live = [use for use in uses if use.counts_at(now)]
    mine = sum(1 for use in live if use.user_id == user_id)
    if promo.max_per_user is not None and mine >= promo.max_per_user:
        raise PromoAlreadyUsed(promo.code)
    if promo.max_redemptions is not None and len(live) >= promo.max_redemptions:
        raise PromoUsedUp(promo.code)


def discounted(price: Money, promo: PromoCode) -> Money:
    """The price after the discount, never below zero.

    A percent discount is rounded down to whole smallest units (``10 %`` of 3 Stars takes
    nothing off), so the buyer never gets more than the code promises.

    Raises:
        PromoNotForCurrency: a fixed discount without an amount in the price's currency.
    """
    if promo.kind is DiscountKind.PERCENT:
        assert promo.percent is not None  # guaranteed by PromoCode's validation
        off = price.amount * promo.percent // 100
    else:
        fixed = promo.amounts.get(price.unit)
        if fixed is None:
            raise PromoNotForCurrency(promo.code, price.unit)
        off = min(fixed, price.amount)
    return Money(price.amount - off, price.unit)
