"""Order a gift to a pickup point: hold the points, take the item, post the points.

Steps, each safe to repeat under the same order key: (1) the order is recorded as pending
(unique per user and key); (2) the price is held on the player's account (refused for
too few points: the order fails, nothing held); (3) one item is taken from stock
atomically (none left: the hold is voided, the order fails); (4) the hold is posted and
the order is placed. Two players racing for the last item: the stock update lets one win.
"""

from __future__ import annotations

import attrs

from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.money import Money
from sleeplab_core.ledger import HoldAlreadyResolved, InsufficientFunds, Ledger, Leg
from sleeplab_core.rewards import accounts
from sleeplab_core.rewards.config import RewardsRules
from sleeplab_core.rewards.errors import OrderRefused, RewardsNotFound
from sleeplab_core.rewards.model import GiftOrder, OrderStatus, Recipient
from sleeplab_core.rewards.ports import RewardsUnitOfWorkFactory


@attrs.frozen
class OrderRequest:
    user_id: int
    key: str
    product_id: int
    pvz_id: str
    recipient: Recipient


async def place_order(
    uow: RewardsUnitOfWorkFactory,
    ledger: Ledger,
    clock: Clock,
    rules: RewardsRules,
    request: OrderRequest,
) -> GiftOrder:
    """Place the order, or return it as it stands when the key was used before.

    Raises:
        OrderRefused: ``out_of_stock`` or ``no_points`` (the order is kept as failed).
        RewardsNotFound: the product or the pickup point does not exist.
    """
    order = await _record(uow, clock, request)
    if order.status is OrderStatus.PENDING:
        order = await _hold_and_take(uow, ledger, rules, order)
    if order.status is OrderStatus.PLACED:
        await _post(ledger, order)
    if order.status is OrderStatus.FAILED:
        raise OrderRefused(order.failure or "failed")
    return order


async def _record(uow: RewardsUnitOfWorkFactory, clock: Clock, request: OrderRequest) -> GiftOrder:
    async with uow() as unit:
        store = unit.rewards
        existing = await store.orders.by_key(request.user_id, request.key)
        if existing is not None:
            return existing
        product = await store.catalog.product(request.product_id)
        if product is None:
            raise RewardsNotFound("product")
        if await store.pickup_points.get(request.pvz_id) is None:
            raise RewardsNotFound("pickup_point")
        if product.stock <= 0:
            raise OrderRefused("out_of_stock")
        draft = GiftOrder(
            id=0,
            user_id=request.user_id,
            key=request.key,
            product_id=product.id,
            product_code=product.code,
            pvz_id=request.pvz_id,
            recipient=request.recipient,
            price=product.price,
            status=OrderStatus.PENDING,
            created_at=clock.now(),
        )
        order = await store.orders.add(draft) or await store.orders.by_key(
            request.user_id, request.key
        )
        await unit.commit()
    assert order is not None
    return order


async def _hold_and_take(
    uow: RewardsUnitOfWorkFactory, ledger: Ledger, rules: RewardsRules, order: GiftOrder
) -> GiftOrder:
    await accounts.open_accounts(ledger, rules.unit, order.user_id)
    leg = Leg(accounts.player(order.user_id), accounts.SHOP, Money(order.price, rules.unit))
    try:
        await ledger.reserve(accounts.order_hold_key(order.id), attrs.evolve(leg, reason="gift"))
    except InsufficientFunds:
        return await _settle(uow, order, OrderStatus.FAILED, "no_points")
    async with uow() as unit:
        current = await unit.rewards.orders.get(order.id, for_update=True)
        assert current is not None
        if current.status is not OrderStatus.PENDING:
            return current
        taken = await unit.rewards.catalog.take_one(order.product_id)
        status = OrderStatus.PLACED if taken else OrderStatus.FAILED
        await unit.rewards.orders.set_status(order.id, status, None if taken else "out_of_stock")
        await unit.commit()
    if not taken:
        await ledger.void(accounts.order_void_key(order.id), accounts.order_hold_key(order.id))
    return attrs.evolve(current, status=status, failure=None if taken else "out_of_stock")


async def _settle(
    uow: RewardsUnitOfWorkFactory, order: GiftOrder, status: OrderStatus, failure: str
) -> GiftOrder:
    async with uow() as unit:
        await unit.rewards.orders.set_status(order.id, status, failure)
        await unit.commit()
    return attrs.evolve(order, status=status, failure=failure)


async def _post(ledger: Ledger, order: GiftOrder) -> None:
    try:
        await ledger.post(accounts.order_post_key(order.id), accounts.order_hold_key(order.id))
    except HoldAlreadyResolved:  # posted by an earlier attempt, or cancelled meanwhile
        return
