"""The offer shown before a paid level the user has not unlocked yet."""

from __future__ import annotations

from sleeplab_core.conversation import FlowContext
from sleeplab_core.sleeplab.flows.base import BaseFlow
from sleeplab_core.sleeplab.journey import is_unlocked


class Offer(BaseFlow):
    name = "offer"

    async def show(self, ctx: FlowContext) -> None:
        level = str(ctx.data.get("level", "L1"))
        if await is_unlocked(ctx.uow, ctx.user.id, level, ctx.clock.now()):
            ctx.switch("questionnaire", level=level)
            return
        ctx.send(
            ctx.t(f"sleeplab.offer.{level.lower()}") + "\n\n" + ctx.t("sleeplab.offer.soon"),
            [
                [ctx.button("sleeplab.offer.check", f"offer:check:{level}")],
                [ctx.button("sleeplab.menu.back", "offer:menu")],
            ],
            tag="offer",
        )

    async def on_button(self, data: str, ctx: FlowContext) -> None:
        if data == "offer:menu":
            ctx.switch("menu")
        elif data.startswith("offer:check:"):
            await self.show(ctx)
        else:
            await super().on_button(data, ctx)
