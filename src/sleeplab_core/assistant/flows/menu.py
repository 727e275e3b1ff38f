"""``/start`` and ``/menu``: the free trial on the first visit, then the main menu."""

from __future__ import annotations

from sleeplab_core.assistant.flows.base import AssistantFlow
from sleeplab_core.conversation import FlowContext

ACTIONS = {
    "menu:ask": "chat",
    "menu:credits": "credits",
    "menu:topup": "topup",
    "menu:settings": "settings",
}


class Menu(AssistantFlow):
    name = "menu"
    commands = ("menu",)

    async def enter(self, ctx: FlowContext) -> None:
        if await self.kit.credits.grant_trial(ctx.user.id):
            config = self.kit.config
            ctx.send(
                ctx.t("assistant.welcome", config.trial_messages, days=config.trial_days),
                tag="notice",
            )
        await self.show(ctx)

    async def show(self, ctx: FlowContext) -> None:
        ctx.send(
            f"{ctx.t('assistant.menu.title')}\n\n{await self.status(ctx)}",
            [
                [ctx.button("assistant.menu.ask", "menu:ask")],
                [
                    ctx.button("assistant.menu.credits", "menu:credits"),
                    ctx.button("assistant.menu.topup", "menu:topup"),
                ],
                [ctx.button("assistant.menu.settings", "menu:settings")],
            ],
        )

    async def on_button(self, data: str, ctx: FlowContext) -> None:
        target = ACTIONS.get(data)
        if target is None:
            await super().on_button(data, ctx)
        else:
            ctx.switch(target)
