"""``/topup``: credit packs and the subscription, sold by Stars invoices."""

from __future__ import annotations

from sleeplab_core.assistant.flows.base import AssistantFlow
from sleeplab_core.assistant.use_cases import top_up
from sleeplab_core.conversation import FlowContext
from sleeplab_core.kernel.errors import SleeplabError
from sleeplab_core.payments.telegram import send_invoice

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
        try:
            request = await top_up(
                ctx.uow, self.kit.purchases, user_id=ctx.user.id, product_code=code
            )
        except SleeplabError as error:
            key = getattr(error, "message_key", "assistant.topup.failed")
            ctx.send(ctx.t(key), [[self.menu_button(ctx)]], tag="notice")
            return
        if request is None:
            ctx.send(ctx.t("assistant.topup.unavailable"), [[self.menu_button(ctx)]], tag="notice")
            return
        ctx.emit(send_invoice(request, ctx.render))
        ctx.send(ctx.t("assistant.topup.sent"), [[self.menu_button(ctx)]], tag="notice")
