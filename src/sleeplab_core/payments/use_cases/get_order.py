"""Read one order; the order a payment may still be made for."""

from __future__ import annotations

from datetime import datetime

from sleeplab_core.payments.context import PaymentsContext
from sleeplab_core.payments.errors import OrderNotPayable, UnknownOrder
from sleeplab_core.payments.model import Order
from sleeplab_core.payments.ports import PaymentsUnitOfWork


async def get_order(ctx: PaymentsContext, order_id: str) -> Order:
    """Raises:
    UnknownOrder.
    """
    async with ctx.uow() as uow:
        order = await uow.orders.get(order_id)
    if order is None:
        raise UnknownOrder(order_id)
    return order


async def payable_order(uow: PaymentsUnitOfWork, order_id: str, now: datetime) -> Order:
    """The order, if it may still be paid at ``now``.

    Raises:
        UnknownOrder, OrderNotPayable.
    """
    order = await uow.orders.get(order_id)
    if order is None:
        raise UnknownOrder(order_id)
    if not order.is_payable(now):
        raise OrderNotPayable(order.id, order.state_at(now).value)
    return order
