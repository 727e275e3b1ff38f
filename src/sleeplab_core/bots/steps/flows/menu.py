"""The main menu (``main_menu``) with the balance, and the invite-a-friend screen."""

from __future__ import annotations

from sleeplab_core.bots.steps.flows.base import StepsFlow
from sleeplab_core.conversation import FlowContext

TARGETS = {
    "menu:walk": "walk",
    "menu:points": "points",
    "menu:family": "family",
    "menu:catalog": "catalog",
    "menu:orders": "orders",
    "menu:promo": "promo",
    "menu:email": "email",
}


class MenuFlow(StepsFlow):
    name = "menu"

    async def show(self, ctx: FlowContext) -> None:
        profile = await self.kit.profile(ctx)
        if profile is None:
            ctx.switch("start")
            return
        balance = await self.kit.balance(ctx)
        ctx.send(
            await self.kit.text(ctx, "main_menu", name=profile.name, balance=balance),
            [
                [ctx.button("steps.menu.walk", "menu:walk")],
                [
                    ctx.button("steps.menu.points", "menu:points"),
                    ctx.button("steps.menu.family", "menu:family"),
                ],
                [
                    ctx.button("steps.menu.catalog", "menu:catalog"),
                    ctx.button("steps.menu.promo", "menu:promo"),
                ],
                [
                    ctx.button("steps.menu.orders", "menu:orders"),
                    ctx.button("steps.menu.invite", "menu:invite"),
                ],
                [ctx.button("steps.menu.email", "menu:email")],
            ],
        )

    async def on_button(self, data: str, ctx: FlowContext) -> None:
        if data == "menu:invite":
            profile = await self.kit.profile(ctx)
            if profile is not None:
                link = self.kit.deep_link(f"ref_{profile.referral_code}")
                ctx.send(ctx.t("steps.invite", link=link), tag="notice")
            await self.show(ctx)
            return
        target = TARGETS.get(data)
        if target is None:
            await super().on_button(data, ctx)
            return
        ctx.switch(target)
