"""``/credits``: what the user has, what an answer costs."""

from __future__ import annotations

from sleeplab_core.assistant.flows.base import AssistantFlow
from sleeplab_core.conversation import FlowContext


class CreditsFlow(AssistantFlow):
    name = "credits"
    commands = ("credits",)

    async def show(self, ctx: FlowContext) -> None:
        price = self.kit.config.price_per_answer
        lines = [
            ctx.t("assistant.credits.title"),
            await self.status(ctx),
            ctx.t("assistant.credits.price", price),
        ]
        ctx.send(
            "\n\n".join(lines),
            [[ctx.button("assistant.menu.topup", "credits:topup")], [self.menu_button(ctx)]],
        )

    async def on_button(self, data: str, ctx: FlowContext) -> None:
        if data == "credits:topup":
            ctx.switch("topup")
        else:
            await super().on_button(data, ctx)
