"""Routing shared by every Steps flow: buttons, texts, commands, and the way home."""

from __future__ import annotations

import logging

from sleeplab_core.bots.steps.flows import live
from sleeplab_core.bots.steps.kit import StepsKit
from sleeplab_core.conversation import (
    Button,
    ButtonPress,
    Command,
    Contact,
    Event,
    FlowContext,
    Location,
    Start,
    Text,
)

log = logging.getLogger(__name__)

MENU = "steps:menu"
"""Button data that opens the main menu from any flow."""


class StepsFlow:
    name = "base"

    def __init__(self, kit: StepsKit) -> None:
        self.kit = kit

    async def enter(self, ctx: FlowContext) -> None:
        await self.show(ctx)

    async def show(self, ctx: FlowContext) -> None:
        """Show the flow's current screen again."""

    async def handle(self, event: Event, ctx: FlowContext) -> None:
        match event:
            case Start():
                ctx.switch("start", payload=event.payload)
            case ButtonPress(data=data) if data == MENU:
                ctx.switch("menu")
            case ButtonPress(data=data) if data == live.FINISH:
                await live.finish(self.kit, ctx)
            case ButtonPress(data=data) if data == live.AGAIN and self.name != "walk":
                ctx.switch("walk")
            case Location():
                await live.on_location(self.kit, event, ctx)
            case ButtonPress(data=data):
                await self.on_button(data, ctx)
            case Contact(phone=phone):
                await self.on_text(phone, ctx)
            case Text(text=text):
                await self.on_text(text.strip(), ctx)
            case Command():  # the router opened this flow by its command
                await self.enter(ctx)
            case _:
                await self.show(ctx)

    async def on_button(self, data: str, ctx: FlowContext) -> None:
        log.info("steps: a stale or unknown button in %s", self.name)
        await self.show(ctx)

    async def on_text(self, text: str, ctx: FlowContext) -> None:
        ctx.send(ctx.t("steps.use_buttons"), tag="notice")
        await self.show(ctx)

    def home(self, ctx: FlowContext) -> list[Button]:
        return [ctx.button("steps.back_to_menu", MENU)]
