"""``/orders``: the player's gift orders with their statuses, and cancelling a placed one.

Only the player's own orders are listed or cancelled (a button naming another player's
order is refused like a stale one). Cancelling goes through ``cancel_order`` after a
confirmation: the item returns to stock and the points to the balance, once.
"""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from sleeplab_core.bots.steps.flows.base import StepsFlow
from sleeplab_core.conversation import FlowContext
from sleeplab_core.rewards.errors import OrderRefused, RewardsNotFound
from sleeplab_core.rewards.model import GiftOrder, OrderStage, OrderStatus
from sleeplab_core.rewards.ports import RewardsStore
from sleeplab_core.rewards.use_cases.cancel_order import cancel_order

log = logging.getLogger(__name__)

SHOWN = 10
"""The newest orders listed."""
CANCEL = "orders:cancel:"
CONFIRM = "orders:confirm:"
LIST = "orders:list"


def cancellable(order: GiftOrder) -> bool:
    return order.status is OrderStatus.PLACED and order.stage is not OrderStage.PICKED_UP


class OrdersFlow(StepsFlow):
    name = "orders"

    async def show(self, ctx: FlowContext) -> None:
        profile = await self.kit.profile(ctx)
        if profile is None:
            ctx.switch("start")
            return
        zone = ZoneInfo(profile.zone)
        async with self.kit.uow(ctx)() as unit:
            orders = await unit.rewards.orders.for_user(ctx.user.id)
            shown = sorted(orders, key=lambda o: o.id, reverse=True)[:SHOWN]
            titles = {o.id: await self._title(unit.rewards, o) for o in shown}
        if not shown:
            ctx.send(ctx.t("steps.orders.none"), [self.home(ctx)])
            return
        lines = [ctx.t("steps.orders.title")]
        rows = []
        for order in shown:
            status = ctx.t(f"steps.orders.status.{order.shown_status}")
            day = order.created_at.astimezone(zone).date().isoformat()  # the player's day
            lines.append(ctx.t("steps.orders.line", title=titles[order.id], status=status, day=day))
            if cancellable(order):
                cancel = f"{CANCEL}{order.id}"
                rows.append([ctx.button("steps.orders.cancel", cancel, title=titles[order.id])])
        ctx.send("\n".join(lines), [*rows, self.home(ctx)])

    async def on_button(self, data: str, ctx: FlowContext) -> None:
        if data == LIST:
            await self.show(ctx)
        elif data.startswith(CANCEL) and (order := await self._own(data[len(CANCEL) :], ctx)):
            title = await self._order_title(ctx, order)
            ctx.send(
                ctx.t("steps.orders.confirm", title=title, price=order.price),
                [
                    [ctx.button("steps.orders.confirm_yes", f"{CONFIRM}{order.id}")],
                    [ctx.button("steps.orders.confirm_no", LIST)],
                ],
            )
        elif data.startswith(CONFIRM) and (order := await self._own(data[len(CONFIRM) :], ctx)):
            await self._cancel(order, ctx)
        else:
            await super().on_button(data, ctx)

    async def _cancel(self, order: GiftOrder, ctx: FlowContext) -> None:
        title = await self._order_title(ctx, order)
        try:
            await cancel_order(self.kit.uow(ctx), self.kit.ledger, order.id)
        except (OrderRefused, RewardsNotFound) as refused:
            log.info("steps: an order was not cancelled (%s)", refused)
            ctx.send(ctx.t("steps.orders.not_cancelled", title=title), tag="notice")
        else:
            ctx.send(ctx.t("steps.order.status.cancelled", title=title), tag="notice")
        await self.show(ctx)

    async def _own(self, raw: str, ctx: FlowContext) -> GiftOrder | None:
        if not raw.isdigit():
            return None
        async with self.kit.uow(ctx)() as unit:
            order = await unit.rewards.orders.get(int(raw))
        if order is None or order.user_id != ctx.user.id:
            return None
        return order

    async def _order_title(self, ctx: FlowContext, order: GiftOrder) -> str:
        async with self.kit.uow(ctx)() as unit:
            return await self._title(unit.rewards, order)

    @staticmethod
    async def _title(store: RewardsStore, order: GiftOrder) -> str:
        product = await store.catalog.product(order.product_id)
        return product.title if product is not None else order.product_code
