"""Payment events reach the user in whatever flow they are in.

Telegram's pre-checkout question, a successful or refunded payment, a payment confirmed over
HTTP (:class:`PaymentConfirmed`), the return from a payment page (``/start paid-<order>``)
and the "start the level" button of a payment notice are handled here, the same way in
every flow; everything else goes to the wrapped flow.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from sleeplab_core.conversation import (
    ButtonPress,
    Event,
    Flow,
    FlowContext,
    PaymentRefunded,
    PaymentSucceeded,
    PreCheckout,
    Start,
)
from sleeplab_core.kernel.errors import SleeplabError
from sleeplab_core.payments import (
    Gateway,
    Order,
    OrderState,
    answer,
    apply_refund,
    confirm_payment,
    confirmation_from_event,
    confirmation_notice,
    pre_checkout,
)
from sleeplab_core.payments.offers import CONFIRMED
from sleeplab_core.sleeplab.flows.paid import OFFER_FLOW, levels_opened_by, show_unlocked
from sleeplab_core.sleeplab.flows.purchase import PAYMENT_TAG, PaymentConfirmed, SleeplabPayments
from sleeplab_core.sleeplab.journey import LEVELS
from sleeplab_core.sleeplab.journey_reminders import order_settled

log = logging.getLogger(__name__)

RETURN_PAYLOAD = re.compile(r"(?P<outcome>paid|unpaid)-(?P<order>[A-Za-z0-9_-]{1,50})")
"""``/start`` payloads of the deep links the payment pages send the buyer back with."""
REFUNDED = "payments.refunded"
UNMATCHED = "payments.error.unknown_order"


class PaymentEvents:
    """Wraps ``inner``: payment events first, the rest to the flow itself."""

    def __init__(self, inner: Flow, payments: SleeplabPayments) -> None:
        self.inner = inner
        self.name = inner.name
        self.payments = payments

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def enter(self, ctx: FlowContext) -> None:
        await self.inner.enter(ctx)

    async def handle(self, event: Event, ctx: FlowContext) -> None:
        match event:
            case PreCheckout():
                await self._pre_checkout(event, ctx)
            case PaymentSucceeded():
                await self._succeeded(event, ctx)
            case PaymentRefunded():
                await self._refunded(event, ctx)
            case PaymentConfirmed():
                await self._confirmed(event, ctx)
            case Start(payload=payload) if payload and RETURN_PAYLOAD.fullmatch(payload):
                await self._returned(event, ctx, RETURN_PAYLOAD.fullmatch(payload))
            case ButtonPress(data=data) if data.startswith("paid:open:"):
                level = data.removeprefix("paid:open:")
                ctx.switch("menu", open=level if level in LEVELS else None)
            case _:
                await self.inner.handle(event, ctx)

    async def _pre_checkout(self, event: PreCheckout, ctx: FlowContext) -> None:
        verdict = await pre_checkout(
            self.payments.context(ctx),
            payload=event.payload,
            currency=event.currency,
            total_amount=event.total_amount,
            payer=event.user_id,
        )
        if not verdict.ok:
            log.info("pre-checkout refused for order %s", verdict.order_id)
        ctx.emit(answer(verdict, event.query_id, ctx.render))

    async def _succeeded(self, event: PaymentSucceeded, ctx: FlowContext) -> None:
        try:
            result = await confirm_payment(
                self.payments.context(ctx), confirmation_from_event(event)
            )
        except SleeplabError as error:
            log.warning("Telegram payment of user %s not applied: %s", ctx.user.id, error)
            ctx.send(ctx.t(getattr(error, "message_key", UNMATCHED)), tag=PAYMENT_TAG)
            return
        if result.replay:
            return  # the buyer was told the first time
        await order_settled(ctx.uow, result.order.user_id, result.order.id, ctx.clock.now())
        if result.granted and result.order.user_id == ctx.user.id:
            show_unlocked(ctx, result.order, self.name, CONFIRMED)
        else:
            ctx.send(ctx.render(confirmation_notice(result)), tag=PAYMENT_TAG)

    async def _refunded(self, event: PaymentRefunded, ctx: FlowContext) -> None:
        gateway = Gateway.STARS if event.currency == "XTR" else Gateway.PROVIDER
        try:
            refund = await apply_refund(
                self.payments.context(ctx), gateway, event.telegram_charge_id
            )
        except SleeplabError as error:
            log.warning("refund reported for user %s not applied: %s", ctx.user.id, error)
            return
        if not refund.replay:
            ctx.send(ctx.t(REFUNDED), tag=PAYMENT_TAG)

    async def _confirmed(self, event: PaymentConfirmed, ctx: FlowContext) -> None:
        order = await self._order(ctx, event.order_id)
        if order is None or order.state is not OrderState.PAID:
            log.warning("no paid order %s of user %s to announce", event.order_id, ctx.user.id)
            return
        await order_settled(ctx.uow, ctx.user.id, order.id, ctx.clock.now())
        show_unlocked(ctx, order, self.name, CONFIRMED)

    async def _returned(self, event: Start, ctx: FlowContext, found: re.Match[str] | None) -> None:
        """Back from a payment page: the level if it is paid, else the banner again."""
        assert found is not None
        order = await self._order(ctx, found["order"])
        if order is None or ctx.user.consent is None:
            await self.inner.handle(event, ctx)
            return
        levels = levels_opened_by(order.product) or ("L1",)
        ctx.data["level"] = levels[0]
        if order.state is OrderState.PAID:
            show_unlocked(ctx, order, OFFER_FLOW, "sleeplab.pay.welcome_back")
            return
        pending = found["outcome"] == "paid" and order.is_payable(ctx.clock.now())
        ctx.send(
            ctx.t("sleeplab.pay.pending" if pending else "sleeplab.pay.failed"), tag=PAYMENT_TAG
        )
        ctx.switch("offer", level=levels[0], order=order.id)

    async def _order(self, ctx: FlowContext, order_id: str) -> Order | None:
        """The user's own order, or None (another user's order is nobody's business here)."""
        order = await ctx.uow.orders.get(order_id)
        return order if order is not None and order.user_id == ctx.user.id else None


def with_payments(flows: list[Flow], payments: SleeplabPayments) -> list[Flow]:
    """Every flow wrapped, so payment events are handled wherever the user is."""
    return [PaymentEvents(flow, payments) for flow in flows]
