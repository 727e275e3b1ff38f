"""``/topup``: credit packs and the subscription, sold by Stars invoices."""

from __future__ import annotations

from sleeplab_core.assistant.flows.base import AssistantFlow
from sleeplab_core.conversation import FlowContext
from sleeplab_core.kernel.errors import SleeplabError

PREFIX = "topup:"


class TopUp(AssistantFlow):
    name = "topup"
    commands = ("topup",)

    async def show(self, ctx: FlowContext) -> None:
        rows = [
            [
                ctx.button(
                    "assistant.topup.pack",
                    PREFIX + pack.product.code,
                    title=ctx.t(pack.product.title_key),
                    stars=pack.stars,
                )
            ]
            for pack in self.kit.purchases.packs()
        ]
        ctx.send(ctx.t("assistant.topup.title"), [*rows, [self.menu_button(ctx)]])

    async def on_button(self, data: str, ctx: FlowContext) -> None:
        code = data.removeprefix(PREFIX)
        offered = {pack.product.code for pack in self.kit.purchases.packs()}
        if not data.startswith(PREFIX) or code not in offered:
            await super().on_button(data, ctx)
            return
        if not self.kit.purchases.available(ctx.uow):
            ctx.send(ctx.t("assistant.topup.unavailable"), [[self.menu_button(ctx)]], tag="notice")
            return
        try:
            invoice = await self.kit.purchases.invoice(ctx.uow, ctx.user.id, code, ctx.render)
        except SleeplabError as error:
            key = getattr(error, "message_key", "assistant.topup.failed")
            ctx.send(ctx.t(key), [[self.menu_button(ctx)]], tag="notice")
            return
        ctx.emit(invoice)
        ctx.send(ctx.t("assistant.topup.sent"), [[self.menu_button(ctx)]], tag="notice")
