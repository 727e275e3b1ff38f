"""Record that a provider payment was refunded and take back what it gave (once)."""

from __future__ import annotations

import logging

import attrs

from sleeplab_core.catalog.model import ProductKind
from sleeplab_core.ledger.errors import InsufficientFunds
from sleeplab_core.payments.context import PaymentsContext
from sleeplab_core.payments.effects import credit_grant, revoke_purchase, take_back_credits
from sleeplab_core.payments.errors import UnknownPayment
from sleeplab_core.payments.model import (
    Gateway,
    Order,
    OrderState,
    PaymentOutcome,
    PaymentRecord,
    payment_key,
)

log = logging.getLogger(__name__)


@attrs.frozen(kw_only=True)
class Refund:
    order: Order
    payment: PaymentRecord
    replay: bool = False
    credits_recovered: bool = True
    """False when a pack's credits were already spent and could not all be taken back."""


async def apply_refund(ctx: PaymentsContext, gateway: Gateway, payment_id: str) -> Refund:
    """Record that a provider payment was refunded and take back what it gave.

    Called after :func:`refund_order` asked the gateway, or when the provider reports a
    refund on its own (Telegram's ``refunded_payment``). Idempotent: a second call returns
    the first result. The order of a refunded first payment becomes REFUNDED; a refunded
    DUPLICATE payment leaves its (still paid) order alone. The promo redemption stays
    counted, so a refund cannot be used to reuse a code.

    Raises:
        UnknownPayment: no such payment was recorded.
    """
    now = ctx.clock.now()
    recovered = True
    async with ctx.uow() as uow:
        record = await uow.payments.get(gateway, payment_id)
        if record is None:
            raise UnknownPayment(payment_key(gateway, payment_id))
        order = await uow.orders.get(record.order_id)
        assert order is not None  # a payment record always names a stored order
        if record.refunded_at is not None:
            return Refund(order=order, payment=record, replay=True)
        record = attrs.evolve(record, refunded_at=now)
        await uow.payments.save(record)
        product = ctx.catalog.get(order.product)
        if record.grant_source is not None:
            await revoke_purchase(
                uow, user_id=order.user_id, product=product, source=record.grant_source, now=now
            )
        if record.outcome is PaymentOutcome.APPLIED:
            order = order.moved_to(OrderState.REFUNDED, now)
            await uow.orders.save(order)
        await uow.commit()
    if product.kind is ProductKind.CREDITS and record.grant_source is not None:
        recovered = await _recover_credits(ctx, order, record.grant_source)
    log.info("payment %s refunded (order %s)", record.key, order.id)
    return Refund(order=order, payment=record, credits_recovered=recovered)


async def _recover_credits(ctx: PaymentsContext, order: Order, source: str) -> bool:
    product = ctx.catalog.get(order.product)
    try:
        await take_back_credits(ctx.ledger, credit_grant(order.user_id, product, source))
    except InsufficientFunds:
        # The provider already returned the money: the refund stands, the operator decides.
        log.warning("order %s refunded but its credits were already spent", order.id)
        return False
    return True
