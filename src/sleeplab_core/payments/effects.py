"""What a paid order gives (entitlements, credits, subscription periods) and takes back."""

from __future__ import annotations

from datetime import datetime

import attrs

from sleeplab_core.catalog.model import Product, ProductKind
from sleeplab_core.entitlements.model import Entitlement
from sleeplab_core.kernel.money import Money
from sleeplab_core.kernel.users import UserId
from sleeplab_core.ledger.errors import AlreadyReversed, TransferNotFound
from sleeplab_core.ledger.model import Leg, Transfer
from sleeplab_core.ledger.ports import Ledger
from sleeplab_core.payments.ports import PaymentsUnitOfWork
from sleeplab_core.payments.subscriptions import extend

ISSUER = "system:issuer"
"""The ledger account that issues credits (allowed to go negative)."""


def ledger_owner(user_id: UserId) -> str:
    return f"user:{user_id}"


def order_source(order_id: str) -> str:
    """The entitlement source and ledger key of an order's first payment."""
    return f"payment:{order_id}"


@attrs.frozen
class CreditGrant:
    """Credits to book on the ledger under ``key`` (after the unit of work commits)."""

    owner: str
    amount: Money
    key: str


def credit_grant(user_id: UserId, product: Product, source: str) -> CreditGrant:
    """The credits a pack books for ``user_id`` under the ledger key ``source``."""
    assert product.credits is not None  # guaranteed by the catalog for kind "credits"
    return CreditGrant(ledger_owner(user_id), Money(product.credits, product.unit), source)


async def grant_purchase(
    uow: PaymentsUnitOfWork,
    *,
    user_id: UserId,
    product: Product,
    source: str,
    order_id: str,
    now: datetime,
) -> CreditGrant | None:
    """Grant what ``product`` gives, inside the unit of work; credits are returned to be
    booked on the ledger after the commit (idempotent by key; a ledger call inside a unit of
    work would join it, so the booking follows the commit)."""
    if product.kind is ProductKind.CREDITS:
        return credit_grant(user_id, product, source)
    expires_at = None
    if product.kind is ProductKind.SUBSCRIPTION:
        assert product.period is not None
        current = await uow.subscriptions.get(user_id, product.code)
        renewed = extend(
            current,
            user_id=user_id,
            product=product.code,
            period=product.period,
            now=now,
            order_id=order_id,
        )
        await uow.subscriptions.save(renewed)
        expires_at = renewed.period_end
    for code in product.granted_products:
        await uow.entitlements.grant(Entitlement(user_id, code, source, now, expires_at))
    return None


async def revoke_purchase(
    uow: PaymentsUnitOfWork, *, user_id: UserId, product: Product, source: str, now: datetime
) -> None:
    """Take back the entitlements ``source`` granted and end a refunded subscription."""
    for code in product.granted_products:
        await uow.entitlements.revoke(user_id, code, source, now)
    if product.kind is ProductKind.SUBSCRIPTION:
        current = await uow.subscriptions.get(user_id, product.code)
        if current is not None:
            await uow.subscriptions.save(current.ended(now))


async def book_credits(ledger: Ledger, grant: CreditGrant) -> tuple[Transfer, ...]:
    """Book the credits; a replay under the same key books nothing (the ledger's rule)."""
    await ledger.open_account(ISSUER, grant.amount.unit, allow_negative=True)
    await ledger.open_account(grant.owner, grant.amount.unit)
    leg = Leg(ISSUER, grant.owner, grant.amount, reason="purchase")
    return (await ledger.transfer(grant.key, leg),)


async def take_back_credits(ledger: Ledger, grant: CreditGrant) -> None:
    """Reverse the credits of a refunded pack once.

    Raises:
        InsufficientFunds: the buyer already spent some of them.
    """
    try:
        await ledger.reverse(f"refund:{grant.key}", grant.key, reason="refund")
    except (AlreadyReversed, TransferNotFound):
        return  # reversed before, or never booked: nothing left to take back
