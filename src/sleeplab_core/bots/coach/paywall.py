"""The coaching subscription: a free trial once, then monthly through Telegram Stars or,
when a Telegram Payments provider is configured, a month at a time by card.

Paid: the deep analysis over the whole history (``/deep``). The entitlement is checked on
every paid action; an expired or refunded subscription closes it at once. Payments run
inside the event's unit of work (``JoinedUnitOfWork``), like the assistant's top-up.

Stars renew by themselves (a Stars subscription invoice). A card payment goes through the
one checkout (:func:`~sleeplab_core.payments.use_cases.checkout.checkout`) with the
provider gateway and buys one period; the next month is paid again by hand. Either way the
grant is the payments module's: one per provider charge id, so a replayed
``successful_payment`` grants nothing twice.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import cast

from sleeplab_core.catalog.model import Catalog
from sleeplab_core.conversation import (
    AnswerPreCheckout,
    FlowContext,
    PaymentSucceeded,
    PreCheckout,
    SendInvoice,
)
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.errors import SleeplabError
from sleeplab_core.kernel.i18n import Message
from sleeplab_core.ledger.ports import Ledger
from sleeplab_core.payments.checkout import answer, pre_checkout
from sleeplab_core.payments.confirmation import confirm_payment
from sleeplab_core.payments.context import PaymentsContext
from sleeplab_core.payments.model import Gateway
from sleeplab_core.payments.offers import confirmation_notice
from sleeplab_core.payments.orders import create_order
from sleeplab_core.payments.ports import InvoiceRequest, PaymentGateway
from sleeplab_core.payments.subscription_use_cases import start_trial
from sleeplab_core.payments.telegram import confirmation_from_event, invoice_for, send_invoice
from sleeplab_core.payments.use_cases.checkout import checkout
from sleeplab_core.storage.joined import JoinedUnitOfWork
from sleeplab_core.storage.ports import UnitOfWork

log = logging.getLogger(__name__)

PRODUCT = "coach_monthly"
FAILED = "coach.paywall.failed"


class Subscriptions:
    """Trial, invoice and confirmation of the coaching subscription."""

    def __init__(
        self,
        catalog: Catalog,
        ledger: Ledger,
        clock: Clock,
        gateways: tuple[PaymentGateway, ...] = (),
    ) -> None:
        self._catalog = catalog
        self._ledger = ledger
        self._clock = clock
        self._card = next((g for g in gateways if g.gateway is Gateway.PROVIDER), None)

    @property
    def card(self) -> bool:
        """Whether a Telegram Payments provider is configured (the "Pay by card" button)."""
        return self._card is not None

    async def entitled(self, uow: UnitOfWork, user_id: int) -> bool:
        """Whether the user may use paid features now (trial or paid period)."""
        active = await uow.entitlements.active(user_id, self._clock.now())
        return any(entitlement.product == PRODUCT for entitlement in active)

    async def until(self, uow: UnitOfWork, user_id: int) -> datetime | None:
        """When the paid features close, as things stand (None: not entitled, or never)."""
        active = await uow.entitlements.active(user_id, self._clock.now())
        ends = [e.expires_at for e in active if e.product == PRODUCT and e.expires_at]
        return max(ends, default=None)

    async def trial(self, uow: UnitOfWork, user_id: int) -> Message:
        """Start the free trial (once per user, ever); the notice to show."""
        try:
            await start_trial(self._context(uow), user_id, PRODUCT)
        except SleeplabError as error:
            return Message(getattr(error, "message_key", FAILED))
        return Message("coach.paywall.trial_started")

    async def invoice(self, uow: UnitOfWork, user_id: int, ctx: FlowContext) -> SendInvoice:
        order = await create_order(
            self._context(uow), user_id=user_id, product_code=PRODUCT, gateway=Gateway.STARS
        )
        return send_invoice(invoice_for(order, self._catalog.get(PRODUCT)), ctx.render)

    async def card_invoice(
        self, uow: UnitOfWork, user_id: int, ctx: FlowContext
    ) -> SendInvoice | Message:
        """The card invoice for one month (the one checkout, the provider gateway), or the
        notice why there is none (no provider configured, no price in its currency)."""
        if self._card is None:
            return Message("coach.paywall.card_unavailable")
        try:
            sale = await checkout(
                self._context(uow),
                self._card,
                kind=Gateway.PROVIDER,
                user_id=user_id,
                product_code=PRODUCT,
            )
        except SleeplabError as error:
            log.warning("coach card checkout refused: %s", type(error).__name__)
            return Message("coach.paywall.card_unavailable")
        if not isinstance(sale.request, InvoiceRequest):  # a provider gateway sends invoices
            log.warning("coach card checkout gave no invoice")
            return Message("coach.paywall.card_unavailable")
        return send_invoice(sale.request, ctx.render)

    async def pre_checkout(
        self, uow: UnitOfWork, event: PreCheckout, ctx: FlowContext
    ) -> AnswerPreCheckout:
        verdict = await pre_checkout(
            self._context(uow),
            payload=event.payload,
            currency=event.currency,
            total_amount=event.total_amount,
        )
        return answer(verdict, event.query_id, ctx.render)

    async def confirm(self, uow: UnitOfWork, event: PaymentSucceeded) -> Message:
        try:
            result = await confirm_payment(self._context(uow), confirmation_from_event(event))
        except SleeplabError as error:
            log.warning("coach payment refused: %s", type(error).__name__)
            return Message(getattr(error, "message_key", FAILED))
        return confirmation_notice(result)

    def _context(self, uow: UnitOfWork) -> PaymentsContext:
        def lend() -> UnitOfWork:
            return cast(UnitOfWork, JoinedUnitOfWork(uow))

        return PaymentsContext(
            uow=lend, catalog=self._catalog, clock=self._clock, ledger=self._ledger
        )


async def payment_event(subscriptions: Subscriptions, event: object, ctx: FlowContext) -> bool:
    """Answer a payment event whichever flow is active; True when ``event`` was one."""
    if isinstance(event, PreCheckout):
        ctx.emit(await subscriptions.pre_checkout(ctx.uow, event, ctx))
        return True
    if isinstance(event, PaymentSucceeded):
        ctx.send(ctx.render(await subscriptions.confirm(ctx.uow, event)), tag="notice")
        return True
    return False
