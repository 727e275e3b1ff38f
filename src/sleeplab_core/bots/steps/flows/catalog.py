"""``/catalog`` → product → pickup point by city → recipient → confirm → the seed's message."""

from __future__ import annotations

import logging
import secrets

from sleeplab_core.bots.steps.content import install_starter_catalog
from sleeplab_core.bots.steps.flows.base import StepsFlow
from sleeplab_core.conversation import Button, FlowContext
from sleeplab_core.rewards.errors import OrderRefused, RewardsNotFound
from sleeplab_core.rewards.model import Product, Recipient
from sleeplab_core.rewards.use_cases.pickup_points import find_pickup_points
from sleeplab_core.rewards.use_cases.place_order import OrderRequest, place_order

log = logging.getLogger(__name__)

MAX_NAME = 64
RECIPIENT_STEPS = ("first_name", "last_name", "phone")


class CatalogFlow(StepsFlow):
    name = "catalog"

    async def enter(self, ctx: FlowContext) -> None:
        ctx.data.clear()
        ctx.data["step"] = "categories"
        await install_starter_catalog(self.kit.uow(ctx))
        await self.show(ctx)

    async def show(self, ctx: FlowContext) -> None:
        step = ctx.data.get("step", "categories")
        if step == "categories":
            await self._categories(ctx)
        elif step == "products":
            await self._products(ctx)
        elif step == "product":
            await self._product(ctx)
        elif step == "pvz":
            self._points(ctx)
        elif step == "confirm":
            await self._confirm(ctx)
        else:
            ctx.send(ctx.t(f"steps.order.ask_{step}"), [self.home(ctx)])

    async def _categories(self, ctx: FlowContext) -> None:
        async with self.kit.uow(ctx)() as unit:
            categories = await unit.rewards.catalog.categories()
        rows = [[Button(c.title, f"cat:{c.id}")] for c in categories]
        ctx.send(ctx.t("steps.catalog.title"), [*rows, self.home(ctx)])

    async def _products(self, ctx: FlowContext) -> None:
        async with self.kit.uow(ctx)() as unit:
            products = await unit.rewards.catalog.products(int(ctx.data["category"]))
        rows = [
            [
                Button(
                    ctx.t("steps.catalog.product_button", title=p.title, price=p.price),
                    f"product:{p.id}",
                )
            ]
            for p in products
        ]
        ctx.send(ctx.t("steps.catalog.products"), [*rows, self.home(ctx)])

    async def _product(self, ctx: FlowContext) -> None:
        product = await self._chosen(ctx)
        if product is None:
            await self.enter(ctx)
            return
        text = ctx.t(
            "steps.catalog.product",
            title=product.title,
            description=product.description,
            price=product.price,
            stock=product.stock,
            balance=await self.kit.balance(ctx),
        )
        ctx.send(text, [[ctx.button("steps.catalog.order", "order:start")], self.home(ctx)])

    def _points(self, ctx: FlowContext) -> None:
        points = ctx.data.get("points", [])
        rows = [
            [Button(address[:120], f"pvz:{index}")] for index, (_, address) in enumerate(points)
        ]
        ctx.send(ctx.t("steps.order.choose_pvz"), [*rows, self.home(ctx)])

    async def _confirm(self, ctx: FlowContext) -> None:
        product = await self._chosen(ctx)
        if product is None:
            await self.enter(ctx)
            return
        text = ctx.t(
            "steps.order.confirm",
            title=product.title,
            price=product.price,
            address=ctx.data["pvz_address"],
            first_name=ctx.data["first_name"],
            last_name=ctx.data["last_name"],
            phone=ctx.data["phone"],
        )
        ctx.send(text, [[ctx.button("steps.order.place", "order:place")], self.home(ctx)])

    async def on_button(self, data: str, ctx: FlowContext) -> None:
        kind, _, value = data.partition(":")
        if kind == "cat" and value.isdigit():
            ctx.data.update(step="products", category=int(value))
        elif kind == "product" and value.isdigit():
            ctx.data.update(step="product", product=int(value), order_key=secrets.token_hex(8))
        elif data == "order:start" and ctx.data.get("step") == "product":
            ctx.data["step"] = "city"
        elif kind == "pvz" and value.isdigit() and ctx.data.get("step") == "pvz":
            if not self._pick_point(int(value), ctx):
                await super().on_button(data, ctx)
                return
        elif data == "order:place" and ctx.data.get("step") == "confirm":
            await self._place(ctx)
            return
        else:
            await super().on_button(data, ctx)
            return
        await self.show(ctx)

    def _pick_point(self, index: int, ctx: FlowContext) -> bool:
        points = ctx.data.get("points", [])
        if index >= len(points):
            return False
        ctx.data.update(step="first_name", pvz_id=points[index][0], pvz_address=points[index][1])
        return True

    async def on_text(self, text: str, ctx: FlowContext) -> None:
        step = ctx.data.get("step")
        if step == "city":
            await self._city(text, ctx)
            return
        if step in ("first_name", "last_name") and 0 < len(text) <= MAX_NAME:
            ctx.data[step] = text
            ctx.data["step"] = "last_name" if step == "first_name" else "phone"
        elif step == "phone" and (phone := self.kit.phones.normalise(text)):
            ctx.data.update(phone=phone, step="confirm")
        elif step in RECIPIENT_STEPS:
            ctx.send(ctx.t(f"steps.order.invalid_{step}"), tag="notice")
        else:
            await super().on_text(text, ctx)
            return
        await self.show(ctx)

    async def _city(self, text: str, ctx: FlowContext) -> None:
        found = await find_pickup_points(self.kit.uow(ctx), text[:MAX_NAME])
        if not found:
            ctx.send(ctx.t("steps.order.no_pvz"), tag="notice")
            await self.show(ctx)
            return
        ctx.data.update(step="pvz", points=[[p.id, p.full_address] for p in found])
        await self.show(ctx)

    async def _place(self, ctx: FlowContext) -> None:
        profile = await self.kit.profile(ctx)
        recipient = Recipient(
            str(ctx.data["first_name"]),
            str(ctx.data["last_name"]),
            str(ctx.data["phone"]),
            profile.email if profile else "",
        )
        request = OrderRequest(
            ctx.user.id,
            str(ctx.data["order_key"]),
            int(ctx.data["product"]),
            str(ctx.data["pvz_id"]),
            recipient,
        )
        try:
            await place_order(
                self.kit.uow(ctx), self.kit.ledger, self.kit.clock, self.kit.rules, request
            )
        except OrderRefused as refused:
            ctx.send(ctx.t(f"steps.order.refused.{refused.code}"), [self.home(ctx)])
            ctx.data["step"] = "refused"
            return
        except RewardsNotFound as missing:
            log.info("steps: order refused, %s vanished", missing.what)
            ctx.send(ctx.t("steps.order.refused.gone"), [self.home(ctx)])
            return
        ctx.data["step"] = "done"
        ctx.send(ctx.t("steps.order.thanks"), [self.home(ctx)])

    async def _chosen(self, ctx: FlowContext) -> Product | None:
        async with self.kit.uow(ctx)() as unit:
            return await unit.rewards.catalog.product(int(ctx.data.get("product", 0)))
