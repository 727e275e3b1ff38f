"""``/premium`` (the paywall) and ``/deep`` (the paid deep analysis over the whole history)."""

from __future__ import annotations

from sleeplab_core.bots.coach.flows.base import CoachFlow
from sleeplab_core.bots.coach.kit import refusal, render_advice, uow
from sleeplab_core.coaching.errors import CoachingError
from sleeplab_core.coaching.use_cases.analyse import DEEP_HISTORY, analyse
from sleeplab_core.conversation import ButtonPress, Event, FlowContext, SendInvoice
from sleeplab_core.jobs.quiet_hours import zone


class Paywall(CoachFlow):
    name = "premium"

    async def enter(self, ctx: FlowContext) -> None:
        subscriptions = self.kit.subscriptions
        if await subscriptions.entitled(ctx.uow, ctx.user.id):
            text, rows = ctx.t("coach.paywall.active"), []
            until = await subscriptions.until(ctx.uow, ctx.user.id)
            if until is not None:
                day = until.astimezone(zone(ctx.user.time_zone)).date().isoformat()
                text += "\n" + ctx.t("coach.paywall.until", day=day)
            if subscriptions.card:  # a card month is renewed by hand: the next one, here
                rows.append([ctx.button("coach.paywall.card_next", "pay:card")])
            rows.append([ctx.button("coach.menu.back", "pay:back")])
            ctx.send(text, rows)
            return
        rows = [
            [ctx.button("coach.paywall.trial", "pay:trial")],
            [ctx.button("coach.paywall.subscribe", "pay:buy")],
        ]
        text = ctx.t("coach.paywall.title")
        if self.kit.subscriptions.card:
            rows.append([ctx.button("coach.paywall.card", "pay:card")])
            text += "\n" + ctx.t("coach.paywall.card_note")
        rows.append([ctx.button("coach.menu.back", "pay:back")])
        ctx.send(text, rows)

    async def on_event(self, event: Event, ctx: FlowContext) -> None:
        data = event.data if isinstance(event, ButtonPress) else ""
        if data == "pay:trial":
            notice = await self.kit.subscriptions.trial(ctx.uow, ctx.user.id)
            ctx.send(ctx.render(notice), [[ctx.button("coach.menu.back", "pay:back")]])
        elif data == "pay:buy":
            ctx.emit(await self.kit.subscriptions.invoice(ctx.uow, ctx.user.id, ctx))
        elif data == "pay:card":
            sale = await self.kit.subscriptions.card_invoice(ctx.uow, ctx.user.id, ctx)
            if isinstance(sale, SendInvoice):
                ctx.emit(sale)
            else:
                ctx.send(ctx.render(sale), [[ctx.button("coach.menu.back", "pay:back")]])
        elif data == "pay:back":
            ctx.switch("menu")
        else:
            await self.enter(ctx)


class DeepAnalysis(CoachFlow):
    name = "deep"

    async def enter(self, ctx: FlowContext) -> None:
        if not await self.kit.subscriptions.entitled(ctx.uow, ctx.user.id):
            ctx.send(ctx.t("coach.error.paywall"), tag="notice")
            ctx.switch("premium")
            return
        try:
            advice = await analyse(
                uow(ctx),
                ctx.clock,
                self.kit.coach,
                ctx.user.id,
                locale=ctx.locale,
                history=DEEP_HISTORY,
            )
        except CoachingError as error:
            ctx.send(refusal(ctx, error))
            return
        ctx.send(ctx.t("coach.deep.title") + "\n\n" + render_advice(ctx, advice))
        ctx.switch("menu")
