"""Refunds: ask the gateway, then take back what the payment gave (once)."""

from __future__ import annotations

import logging

import attrs

from sleeplab_core.catalog.model import ProductKind
from sleeplab_core.ledger.errors import InsufficientFunds
from sleeplab_core.payments.context import PaymentsContext
from sleeplab_core.payments.effects import (
    credit_grant,
    ledger_owner,
    revoke_purchase,
    take_back_credits,
)
from sleeplab_core.payments.errors import (
    CreditsAlreadySpent,
    OrderNotPayable,
    UnknownOrder,
    UnknownPayment,
)
from sleeplab_core.payments.model import (
    Gateway,
    Order,
    OrderState,
    PaymentOutcome,
    PaymentRecord,
    payment_key,
)
from sleeplab_core.payments.ports import PaymentGateway, PaymentRepository

log = logging.getLogger(__name__)


@attrs.frozen(kw_only=True)
class Refund:
    order: Order
    payment: PaymentRecord
    replay: bool = False
    credits_recovered: bool = True
    """False when a pack's credits were already spent and could not all be taken back."""


async def refund_order(ctx: PaymentsContext, gateway: PaymentGateway, order_id: str) -> Refund:
    """Refund the payment that paid ``order_id`` through its gateway, then apply it.

    A credits pack is refunded only while its credits are unspent.

    Raises:
        UnknownOrder: no such order.
        OrderNotPayable: the order is not paid (nothing to refund).
        CreditsAlreadySpent: the buyer spent some of the pack's credits.
        RefundFailed: the gateway refused.
    """
    async with ctx.uow() as uow:
        order = await uow.orders.get(order_id)
        record = await _paying_record(uow.payments, order) if order else None
    if order is None:
        raise UnknownOrder(order_id)
    if record is None or order.state is not OrderState.PAID:
        raise OrderNotPayable(order_id, order.state.value)
    product = ctx.catalog.get(order.product)
    if product.kind is ProductKind.CREDITS:
        balance = await ctx.ledger.balance(ledger_owner(order.user_id), product.unit)
        if balance.available < (product.credits or 0):
            raise CreditsAlreadySpent(order_id)
    await gateway.refund(record)
    return await apply_refund(ctx, record.gateway, record.payment_id)


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


async def _paying_record(payments: PaymentRepository, order: Order) -> PaymentRecord | None:
    records = await payments.for_order(order.id)
    return next((r for r in records if r.key == order.payment_key), None)


async def _recover_credits(ctx: PaymentsContext, order: Order, source: str) -> bool:
    product = ctx.catalog.get(order.product)
    try:
        await take_back_credits(ctx.ledger, credit_grant(order.user_id, product, source))
    except InsufficientFunds:
        # The provider already returned the money: the refund stands, the operator decides.
        log.warning("order %s refunded but its credits were already spent", order.id)
        return False
    return True
