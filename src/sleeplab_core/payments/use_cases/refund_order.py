"""Refund the payment that paid an order through its gateway, then apply it."""

from __future__ import annotations

from sleeplab_core.catalog.model import ProductKind
from sleeplab_core.payments.context import PaymentsContext
from sleeplab_core.payments.effects import ledger_owner
from sleeplab_core.payments.errors import CreditsAlreadySpent, OrderNotPayable, UnknownOrder
from sleeplab_core.payments.model import Order, OrderState, PaymentRecord
from sleeplab_core.payments.ports import PaymentGateway, PaymentRepository
from sleeplab_core.payments.use_cases.apply_refund import Refund, apply_refund


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


async def _paying_record(payments: PaymentRepository, order: Order) -> PaymentRecord | None:
    records = await payments.for_order(order.id)
    return next((r for r in records if r.key == order.payment_key), None)
