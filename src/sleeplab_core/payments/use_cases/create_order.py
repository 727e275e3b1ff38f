"""Create an order at its price (promo code and owned bundle parts counted); a free order is
completed at once."""

from __future__ import annotations

import logging
from datetime import datetime

from sleeplab_core.catalog.model import Product
from sleeplab_core.kernel.users import UserId
from sleeplab_core.payments.context import PaymentsContext
from sleeplab_core.payments.effects import CreditGrant, book_credits, grant_purchase, order_source
from sleeplab_core.payments.errors import GatewayMismatch
from sleeplab_core.payments.model import Gateway, Order, OrderState
from sleeplab_core.payments.ports import PaymentsUnitOfWork
from sleeplab_core.payments.pricing import quote
from sleeplab_core.promo.errors import PromoNotForCurrency, PromoNotFound
from sleeplab_core.promo.model import PromoCode, normalize_code
from sleeplab_core.promo.rules import check_applicable

log = logging.getLogger(__name__)

STARS = "XTR"
DEFAULT_FIAT = "RUB"


def currency_for(gateway: Gateway, currency: str | None) -> str:
    """The order's currency: Stars sell only in XTR, the others never in XTR.

    Raises:
        GatewayMismatch: the currency cannot be paid through the gateway.
    """
    chosen = currency or (STARS if gateway is Gateway.STARS else DEFAULT_FIAT)
    if (gateway is Gateway.STARS) != (chosen == STARS):
        raise GatewayMismatch(gateway.value, chosen)
    return chosen


async def create_order(
    ctx: PaymentsContext,
    *,
    user_id: UserId,
    product_code: str,
    gateway: Gateway,
    currency: str | None = None,
    promo_code: str | None = None,
) -> Order:
    """Create an order at the price :func:`~sleeplab_core.payments.pricing.quote` gives
    (the catalog price, less owned parts of a bundle, less the promo discount).

    A promo code is reserved for the order until it expires (so it can never be over-used
    by payments arriving later) and counted when the order is paid. An order whose price
    drops to zero is completed at once: no payment, the product is granted.

    Raises:
        UnknownProduct, PriceNotFound, GatewayMismatch: the product or currency is wrong.
        PromoError: the code is unknown, expired, not for this product or buyer, or used up
            (each subclass carries its message key).
    """
    product = ctx.catalog.get(product_code)
    chosen = currency_for(gateway, currency)
    product.price_for(chosen)  # an unsold currency fails before anything is read
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        promo = await _promo(uow, promo_code, product, user_id, now) if promo_code else None
        owned = {e.product for e in await uow.entitlements.active(user_id, now)}
        price = quote(ctx.catalog, product.code, chosen, owned=owned, promo=promo)
        if promo is not None and price.promo is None:
            raise PromoNotForCurrency(promo.code, chosen)
        order = await uow.orders.add(
            Order(
                id=ctx.new_order_id(),
                user_id=user_id,
                product=product.code,
                gateway=gateway,
                list_price=price.list_price,
                amount=price.amount,
                promo_code=price.promo,
                created_at=now,
                expires_at=now + ctx.order_lifetime,
            )
        )
        if promo is not None:
            await uow.promos.reserve(promo, user_id, order.id, now, order.expires_at)
        credits = None
        if order.is_free:
            order, credits = await _complete_free(uow, order, product, now)
        await uow.commit()
    if credits is not None:
        await book_credits(ctx.ledger, credits)
    log.info("order %s created: %s for user %s", order.id, product.code, user_id)
    return order


async def _promo(
    uow: PaymentsUnitOfWork, typed: str, product: Product, user_id: UserId, now: datetime
) -> PromoCode:
    code = normalize_code(typed)
    promo = await uow.promos.get(code)
    if promo is None:
        raise PromoNotFound(code)
    first_purchase = not await uow.orders.has_paid(user_id)
    check_applicable(promo, product=product.code, now=now, first_purchase=first_purchase)
    return promo


async def _complete_free(
    uow: PaymentsUnitOfWork, order: Order, product: Product, now: datetime
) -> tuple[Order, CreditGrant | None]:
    """A 100 % promo: the order is paid by the code itself, in the same unit of work."""
    paid = order.moved_to(OrderState.PAID, now)
    await uow.orders.save(paid)
    await uow.promos.redeem(order.id, now)
    credits = await grant_purchase(
        uow,
        user_id=order.user_id,
        product=product,
        source=order_source(order.id),
        order_id=order.id,
        now=now,
    )
    return paid, credits
