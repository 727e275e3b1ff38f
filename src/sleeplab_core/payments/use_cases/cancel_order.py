"""Cancel an unpaid order and release its promo code."""

from __future__ import annotations

from sleeplab_core.payments.context import PaymentsContext
from sleeplab_core.payments.model import Order, OrderState
from sleeplab_core.payments.use_cases.get_order import payable_order


async def cancel_order(ctx: PaymentsContext, order_id: str) -> Order:
    """Cancel an unpaid order and release its promo code (a no-op if already cancelled).

    Raises:
        UnknownOrder, OrderNotPayable (it is paid, refunded or expired).
    """
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        current = await uow.orders.get(order_id)
        if current is not None and current.state is OrderState.CANCELLED:
            return current
        order = await payable_order(uow, order_id, now)
        cancelled = order.moved_to(OrderState.CANCELLED, now)
        await uow.orders.save(cancelled)
        await uow.promos.release(order.id)
        await uow.commit()
    return cancelled
