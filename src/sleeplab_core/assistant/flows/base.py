"""What every assistant flow does the same way: payments wherever they arrive, and a kind
answer to input the flow does not expect."""

from __future__ import annotations

import attrs

from sleeplab_core.assistant.config import AssistantConfig
from sleeplab_core.assistant.credits import Credits
from sleeplab_core.assistant.purchase import Purchases
from sleeplab_core.assistant.service import Assistant
from sleeplab_core.conversation import (
    Button,
    ButtonPress,
    Command,
    Event,
    FlowContext,
    Media,
    PaymentSucceeded,
    PreCheckout,
    Start,
    Text,
)

MENU = "flow:menu"
"""Button data that opens the menu from any flow."""
RETRY = "flow:retry"
"""Button data that asks the kept question again (``ctx.data["retry"]``) from any flow."""
KEPT = "retry"
"""``ctx.data`` slot of a question that was not answered (a failure, no credits): kept in the
conversation state, never in the log, until it is answered."""


@attrs.frozen
class AssistantKit:
    """The use cases the flows share (built once per bot)."""

    assistant: Assistant
    credits: Credits
    purchases: Purchases

    @property
    def config(self) -> AssistantConfig:
        return self.assistant.config


class AssistantFlow:
    """Routes an event to ``on_button``/``on_text``/``on_command``/``on_media``.

    An invoice stays payable wherever the user goes next, so every flow answers Telegram's
    pre-checkout question and confirms a successful payment.
    """

    name = "base"
    commands: tuple[str, ...] = ()
    """Commands that open this flow (the bot maps them here; the flow then enters)."""

    def __init__(self, kit: AssistantKit) -> None:
        self.kit = kit

    async def enter(self, ctx: FlowContext) -> None:
        await self.show(ctx)

    async def show(self, ctx: FlowContext) -> None:
        """Show the flow's current screen again."""

    async def handle(self, event: Event, ctx: FlowContext) -> None:
        match event:
            case Start():
                await self.enter(ctx)
            case PreCheckout():
                ctx.emit(await self.kit.purchases.pre_checkout(ctx.uow, event, ctx.render))
            case PaymentSucceeded():
                await self._paid(event, ctx)
            case ButtonPress(data=data) if data == MENU:
                ctx.switch("menu")
            case ButtonPress(data=data) if data == RETRY:
                kept = ctx.data.get(KEPT)
                if isinstance(kept, str):
                    ctx.switch("chat", question=kept)
                else:
                    await self.show(ctx)
            case ButtonPress(data=data):
                await self.on_button(data, ctx)
            case Text(text=text, first_name=first_name):
                await self.on_text(text, ctx, first_name)
            case Command(name=name, args=args):
                await self.on_command(name, args, ctx)
            case Media(kind=kind):
                await self.on_media(kind, ctx)
            case _:
                await self.show(ctx)

    async def on_button(self, data: str, ctx: FlowContext) -> None:
        ctx.send(ctx.t("conversation.stale_button"), tag="notice")
        await self.show(ctx)

    async def on_text(self, text: str, ctx: FlowContext, first_name: str | None = None) -> None:
        # Typing anywhere asks the assistant. The chat pops both values on entering, so the
        # name (for redaction only) never reaches the stored checkpoint.
        ctx.switch("chat", question=text, first_name=first_name)

    async def on_command(self, name: str, args: str, ctx: FlowContext) -> None:
        if name in self.commands:
            await self.enter(ctx)
            return
        ctx.send(ctx.t("assistant.unknown_command", command=name), tag="notice")
        await self.show(ctx)

    async def on_media(self, kind: str, ctx: FlowContext) -> None:
        ctx.send(ctx.t("assistant.error.media", kind=kind), tag="notice")
        await self.show(ctx)

    def menu_button(self, ctx: FlowContext) -> Button:
        return Button(ctx.t("assistant.menu.back"), MENU)

    async def status(self, ctx: FlowContext) -> str:
        """The user's credits (or subscription) in one or two lines."""
        if await self.kit.purchases.subscribed(ctx.uow, ctx.user.id, ctx.clock.now()):
            return ctx.t("assistant.subscribed")
        available = await self.kit.credits.available(ctx.user.id)
        answers = available // self.kit.config.price_per_answer
        return "\n".join(
            [ctx.t("assistant.balance", available), ctx.t("assistant.answers_left", answers)]
        )

    async def _paid(self, event: PaymentSucceeded, ctx: FlowContext) -> None:
        notice = await self.kit.purchases.confirm(ctx.uow, event)
        lines = [ctx.render(notice), await self.status(ctx)]
        rows = [[self.menu_button(ctx)]]
        if isinstance(ctx.data.get(KEPT), str):  # the question that ran out of credits
            rows.insert(0, [ctx.button("assistant.retry", RETRY)])
        ctx.send("\n\n".join(lines), rows, tag="notice")
