"""Cancel a placed order: the item goes back to stock and the points back to the player."""

from __future__ import annotations

import contextlib

from sleeplab_core.ledger import AlreadyReversed, HoldState, Ledger
from sleeplab_core.rewards import accounts
from sleeplab_core.rewards.errors import OrderRefused, RewardsNotFound
from sleeplab_core.rewards.model import GiftOrder, OrderStage, OrderStatus
from sleeplab_core.rewards.ports import RewardsUnitOfWorkFactory


async def cancel_order(uow: RewardsUnitOfWorkFactory, ledger: Ledger, order_id: int) -> GiftOrder:
    """Cancel (idempotent: a cancelled order stays cancelled, refunded once).

    Raises:
        OrderRefused: ``not_placed`` (a pending or failed order has nothing to return),
            ``picked_up`` (the player has the gift).
        RewardsNotFound: no such order.
    """
    async with uow() as unit:
        order = await unit.rewards.orders.get(order_id, for_update=True)
        if order is None:
            raise RewardsNotFound("order")
        if order.status is OrderStatus.PLACED and order.stage is OrderStage.PICKED_UP:
            raise OrderRefused("picked_up")
        if order.status is OrderStatus.PLACED:
            await unit.rewards.catalog.put_back(order.product_id)
            await unit.rewards.orders.set_status(order_id, OrderStatus.CANCELLED)
            await unit.commit()
        elif order.status is not OrderStatus.CANCELLED:
            raise OrderRefused("not_placed")
    await _return_points(ledger, order_id)
    return await _get(uow, order_id)


async def _return_points(ledger: Ledger, order_id: int) -> None:
    hold = await ledger.get_hold(accounts.order_hold_key(order_id))
    if hold.state is HoldState.PENDING:  # placed, but the post never happened (a crash)
        await ledger.void(accounts.order_void_key(order_id), accounts.order_hold_key(order_id))
    elif hold.state is HoldState.POSTED:
        with contextlib.suppress(AlreadyReversed):
            await ledger.reverse(
                accounts.order_refund_key(order_id),
                accounts.order_post_key(order_id),
                reason="gift_cancelled",
            )


async def _get(uow: RewardsUnitOfWorkFactory, order_id: int) -> GiftOrder:
    async with uow() as unit:
        order = await unit.rewards.orders.get(order_id)
    assert order is not None
    return order
