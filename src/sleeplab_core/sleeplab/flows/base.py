"""What every SleepLab flow does the same way: unknown input gets a clear, kind answer."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sleeplab_core.conversation import (
    Button,
    ButtonPress,
    Command,
    Event,
    FlowContext,
    Media,
    Start,
    Text,
)

LABELS_KEY = "labels"
"""Where :meth:`BaseFlow.remember_labels` keeps a screen's typed labels in ``ctx.data``."""


class BaseFlow:
    """Routes an event to ``on_button``/``on_text``/``on_command``; the rest gets a hint."""

    name = "base"

    async def enter(self, ctx: FlowContext) -> None:
        await self.show(ctx)

    async def show(self, ctx: FlowContext) -> None:
        """Show the flow's current screen again."""

    async def handle(self, event: Event, ctx: FlowContext) -> None:
        match event:
            case Start():
                await self.enter(ctx)
            case ButtonPress(data=data) if data.startswith("cmd:"):
                await self.on_command(data.removeprefix("cmd:"), "", ctx)
            case ButtonPress(data=data):
                await self.on_button(data, ctx)
            case Text(text=text):
                await self.on_text(text, ctx)
            case Command(name=name, args=args):
                await self.on_command(name, args, ctx)
            case Media(kind=kind):
                ctx.send(ctx.t("conversation.media_not_expected", kind=kind), tag="notice")
                await self.show(ctx)
            case _:
                await self.show(ctx)

    async def on_button(self, data: str, ctx: FlowContext) -> None:
        ctx.send(ctx.t("conversation.stale_button"), tag="notice")
        await self.show(ctx)

    async def on_text(self, text: str, ctx: FlowContext) -> None:
        ctx.send(ctx.t("conversation.use_buttons"), tag="notice")
        await self.show(ctx)

    async def press_typed(
        self, text: str, rows: Sequence[Sequence[Button]], ctx: FlowContext
    ) -> bool:
        """Press the button whose label the user typed (case and marks aside); False when
        no button of ``rows`` carries that label."""
        typed = label_key(text)
        for row in rows:
            for button in row:
                if button.data and label_key(button.label) == typed:
                    await self.on_button(button.data, ctx)
                    return True
        return False

    def remember_labels(self, rows: Sequence[Sequence[Button]], ctx: FlowContext) -> None:
        """Keep the labels of a screen whose buttons are costly to build again (prices,
        promo checks), so :meth:`press_remembered` can match typed text to them later."""
        ctx.data[LABELS_KEY] = {
            label_key(button.label): button.data for row in rows for button in row if button.data
        }

    async def press_remembered(self, text: str, ctx: FlowContext) -> bool:
        """Press the remembered button whose label the user typed; False when none matches."""
        labels = ctx.data.get(LABELS_KEY)
        data = labels.get(label_key(text)) if isinstance(labels, dict) else None
        if not data:
            return False
        await self.on_button(str(data), ctx)
        return True

    async def on_command(self, name: str, args: str, ctx: FlowContext) -> None:
        if name == self.name:  # the command that opens this very flow: open it again
            await self.enter(ctx)
            return
        if name == "help":
            ctx.send(ctx.t("sleeplab.help"), tag="notice")
        else:
            ctx.send(ctx.t("conversation.unknown_command", command=name), tag="notice")
        await self.show(ctx)


def label_key(text: str) -> str:
    """A button label as typed text compares: no leading marks or arrows, no case."""
    return re.sub(r"^[\W_]+", "", text.strip()).strip().casefold()
