"""Expire the open orders past their time (a periodic job)."""

from __future__ import annotations

from sleeplab_core.payments.context import PaymentsContext
from sleeplab_core.payments.model import Order, OrderState


async def expire_orders(ctx: PaymentsContext) -> list[Order]:
    """Mark every open order past its expiry as expired and release its promo code.

    Safe to repeat (a periodic job). A payment that still arrives is honoured.
    """
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        expired = []
        for order in await uow.orders.open_due(now):
            changed = order.moved_to(OrderState.EXPIRED, now)
            await uow.orders.save(changed)
            await uow.promos.release(order.id)
            expired.append(changed)
        await uow.commit()
    return expired
