"""Top-up: credit packs and the subscription sold for Telegram Stars, through the payments
module (orders, pre-checkout, confirmation), run inside the event's unit of work.

The payments use cases open their own unit of work from a factory; a flow already holds
one (the router's), so ``JoinedUnitOfWork`` (from the storage module) lends it to them:
they read and write through it and
the router commits once at the end, with the conversation's checkpoint. This needs a store
whose unit of work carries the payments repositories (``orders``, ``payments``…); with
another store top-up is reported as unavailable instead of failing.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, cast

import attrs

from sleeplab_core.assistant.config import AssistantConfig
from sleeplab_core.catalog.model import Catalog, Product
from sleeplab_core.conversation.actions import AnswerPreCheckout, SendInvoice
from sleeplab_core.conversation.events import PaymentSucceeded, PreCheckout
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.errors import SleeplabError
from sleeplab_core.kernel.i18n import Message
from sleeplab_core.kernel.users import UserId
from sleeplab_core.ledger.ports import Ledger
from sleeplab_core.payments.context import PaymentsContext
from sleeplab_core.payments.model import Gateway
from sleeplab_core.payments.offers import confirmation_notice
from sleeplab_core.payments.ports import InvoiceRequest
from sleeplab_core.payments.telegram import (
    STARS_CURRENCY,
    confirmation_from_event,
    invoice_for,
    send_invoice,
)
from sleeplab_core.payments.use_cases import answer, confirm_payment, create_order, pre_checkout
from sleeplab_core.storage.joined import JoinedUnitOfWork
from sleeplab_core.storage.ports import UnitOfWork

log = logging.getLogger(__name__)

UNAVAILABLE = "assistant.topup.unavailable"
FAILED = "assistant.topup.failed"
_PAYMENT_REPOSITORIES = ("orders", "payments", "promos", "subscriptions")


@attrs.frozen
class Pack:
    """A product offered on the top-up screen with its price in Stars."""

    product: Product
    stars: int


class Purchases:
    """What the top-up screen sells and how a Stars payment becomes credits."""

    def __init__(
        self, catalog: Catalog, ledger: Ledger, clock: Clock, config: AssistantConfig
    ) -> None:
        self._catalog = catalog
        self._ledger = ledger
        self._clock = clock
        self._config = config

    def packs(self) -> list[Pack]:
        """The configured packs, then the subscription, those with a Stars price."""
        codes = [*self._config.packs]
        if self._config.subscription is not None:
            codes.append(self._config.subscription)
        found = [self._catalog.get(code) for code in codes if code in self._catalog]
        return [Pack(p, p.prices[STARS_CURRENCY]) for p in found if STARS_CURRENCY in p.prices]

    @staticmethod
    def available(uow: UnitOfWork) -> bool:
        """Whether the store can keep orders (the payments repositories are there)."""
        return all(hasattr(uow, name) for name in _PAYMENT_REPOSITORIES)

    async def subscribed(self, uow: UnitOfWork, user_id: UserId, now: datetime) -> bool:
        """Whether the user has an active assistant subscription (answers are free)."""
        code = self._config.subscription
        if code is None:
            return False
        return any(e.product == code for e in await uow.entitlements.active(user_id, now))

    async def invoice_request(
        self, uow: UnitOfWork, user_id: UserId, product_code: str
    ) -> InvoiceRequest:
        """Create a Stars order for the product and the invoice that sells it.

        Raises:
            SleeplabError: an unknown product or one without a Stars price.
        """
        order = await create_order(
            self._context(uow), user_id=user_id, product_code=product_code, gateway=Gateway.STARS
        )
        return invoice_for(order, self._catalog.get(order.product))

    async def invoice(
        self, uow: UnitOfWork, user_id: UserId, product_code: str, render: Any
    ) -> SendInvoice:
        """:meth:`invoice_request` as the action that sends it."""
        return send_invoice(await self.invoice_request(uow, user_id, product_code), render)

    async def pre_checkout(
        self, uow: UnitOfWork, event: PreCheckout, render: Any
    ) -> AnswerPreCheckout:
        """Telegram's last question before charging: is this order still payable?"""
        verdict = await pre_checkout(
            self._context(uow),
            payload=event.payload,
            currency=event.currency,
            total_amount=event.total_amount,
            payer=event.user_id,
        )
        return answer(verdict, event.query_id, render)

    async def confirm(self, uow: UnitOfWork, event: PaymentSucceeded) -> Message:
        """Record the payment once and book what it bought; the notice for the buyer."""
        try:
            result = await confirm_payment(self._context(uow), confirmation_from_event(event))
        except SleeplabError as error:
            # No payload, amount or charge id in the log line: only the error's type.
            log.warning(
                "assistant payment refused: user=%s %s", event.user_id, type(error).__name__
            )
            return Message(getattr(error, "message_key", FAILED))
        return confirmation_notice(result)

    def _context(self, uow: UnitOfWork) -> PaymentsContext:
        def lend() -> UnitOfWork:
            return cast(UnitOfWork, JoinedUnitOfWork(uow))

        return PaymentsContext(
            uow=lend, catalog=self._catalog, clock=self._clock, ledger=self._ledger
        )
