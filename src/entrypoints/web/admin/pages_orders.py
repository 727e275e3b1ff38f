"""Gift orders of the steps bot (rewards module): by local day and status, and cancelling a
placed one (the item back in stock, the points back to the player) through ``cancel_order``."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from entrypoints.containers import settings_mapping
from entrypoints.web.admin.console import Console
from sleeplab_core.kernel.errors import SleeplabError, ValidationFailed
from sleeplab_core.operators import allowed
from sleeplab_core.operators.use_cases import record_change
from sleeplab_core.rewards.use_cases.cancel_order import cancel_order
from sleeplab_core.rewards.use_cases.content_admin import orders_in_range

DEFAULT_DAYS = 7


def add_routes(router: APIRouter, console: Console) -> None:
    async def rewards_uow() -> Any:
        factory = await console.uow()
        async with factory() as tx:
            return factory if getattr(tx, "rewards", None) is not None else None

    def zone() -> str:
        settings = settings_mapping(console.container.settings(), secrets=False)
        return settings.get("steps_orders_zone", "UTC")

    async def orders(request: Request) -> Response:
        operator = await console.operator(request, "gift_orders.view")
        uow = await rewards_uow()
        if uow is None:
            return console.render(request, "content_absent.html", {}, operator=operator, status=404)
        today = console.clock.now().date()
        try:
            first = _day(request.query_params.get("from"), today - timedelta(DEFAULT_DAYS - 1))
            last = _day(request.query_params.get("to"), today)
            found = await orders_in_range(uow, first, last, zone())
        except SleeplabError as error:
            return console.refused(request, operator, str(error))
        return console.render(
            request,
            "orders.html",
            {
                "orders": [(o, o.created_at.astimezone(ZoneInfo(zone()))) for o in found],
                "first": first.isoformat(),
                "last": last.isoformat(),
                "zone": zone(),
                "can_cancel": allowed(operator.role, "gift_orders.cancel"),
            },
            operator=operator,
        )

    async def cancel(request: Request, order_id: int) -> Response:
        operator = await console.operator(request, "gift_orders.cancel")
        uow = await rewards_uow()
        if uow is None:
            return console.render(request, "content_absent.html", {}, operator=operator, status=404)
        try:
            order = await cancel_order(uow, console.container.ledger(), order_id)
        except SleeplabError as error:
            return console.refused(request, operator, str(error))
        await record_change(
            await console.operators_uow(),
            console.clock,
            operator=operator.username,
            action="gift_order.cancel",
            target=f"gift order {order_id}",
            detail=f"{order.product_code}, {order.price} points back to user {order.user_id}",
        )
        return RedirectResponse("/admin/orders?notice=cancelled", status_code=303)

    router.add_api_route("/orders", orders, methods=["GET"])
    router.add_api_route("/gift-orders/{order_id}/cancel", cancel, methods=["POST"])


def _day(text: str | None, default: date) -> date:
    if not text:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationFailed("a day like 2026-03-29", field="day") from None
