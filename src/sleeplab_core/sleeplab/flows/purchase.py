"""How SleepLab sells its paid levels: the configured gateways, the event that tells a user's
conversation about a payment confirmed elsewhere, and the payments use cases run inside the
conversation's own unit of work.

A payment confirmed outside the conversation (a Robokassa or Tilda callback over HTTP) reaches
the user as a :class:`PaymentConfirmed` event delivered through the conversation core, so the
user's active flow reacts to it like to any other event: the offer banner is deleted by its
tag, the level unlocks and the user continues where they were. Its ``update_key`` is per
order, so a replayed callback tells the user nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import cast

import attrs

from sleeplab_core.catalog.model import Catalog
from sleeplab_core.conversation import Action, Channel, Conversations, Event, FlowContext
from sleeplab_core.ledger.ports import Ledger
from sleeplab_core.payments import (
    Gateway,
    Order,
    PaymentGateway,
    PaymentsContext,
    PaymentsUnitOfWork,
    new_order_id,
)
from sleeplab_core.payments.context import DEFAULT_ORDER_LIFETIME
from sleeplab_core.storage.joined import JoinedUnitOfWork

OFFER_TAG = "offer"
"""The price banner ("payment not completed"): deleted once the level is paid."""
INVOICE_TAG = "invoice"
"""The Telegram invoice the user was sent: deleted once paid, so it is not paid twice."""
PAYMENT_TAG = "payment"
"""The notices about a payment (received, refunded, pending)."""


@attrs.frozen(kw_only=True)
class SleeplabPayments:
    """What SleepLab's purchase screens need; the composition root builds it from settings.

    ``gateways`` are offered in this order (Stars first); a gateway left out is not shown.
    """

    catalog: Catalog
    ledger: Ledger
    gateways: tuple[PaymentGateway, ...] = ()
    order_lifetime: timedelta = DEFAULT_ORDER_LIFETIME
    new_order_id: Callable[[], str] = new_order_id

    @property
    def kinds(self) -> tuple[Gateway, ...]:
        return tuple(gateway.gateway for gateway in self.gateways)

    def gateway(self, kind: Gateway) -> PaymentGateway | None:
        return next((g for g in self.gateways if g.gateway is kind), None)

    def context(self, ctx: FlowContext) -> PaymentsContext:
        """The payments use cases' context over the event's own unit of work: whatever they
        store commits together with the conversation's checkpoint, or not at all."""
        return PaymentsContext(
            uow=lambda: cast(PaymentsUnitOfWork, JoinedUnitOfWork(ctx.uow)),
            catalog=self.catalog,
            clock=ctx.clock,
            ledger=self.ledger,
            order_lifetime=self.order_lifetime,
            new_order_id=self.new_order_id,
        )


@attrs.frozen(kw_only=True)
class PaymentConfirmed(Event):
    """A payment for ``order_id`` was confirmed outside the conversation (an HTTP callback)."""

    order_id: str


def payment_confirmed(order: Order) -> PaymentConfirmed:
    """The event telling the buyer's conversation about ``order``; once per order."""
    return PaymentConfirmed(user_id=order.user_id, order_id=order.id, update_key=f"paid:{order.id}")


async def announce_payment(
    conversations: Conversations, channel: Channel, order: Order
) -> list[Action]:
    """Tell the buyer their order is paid, through their conversation: the flow they are in
    deletes the offer banner, unlocks the level and lets them continue. Returns the actions
    performed (none for a replay: the event's delivery key is per order)."""
    return await conversations.deliver(payment_confirmed(order), channel)
