"""Confirming a payment: one unit of work, one effect per provider payment, ever.

The provider's payment id is stored under a unique (gateway, payment id) key in the same
unit of work as the effect, so a replayed or concurrent duplicate callback finds the first
record and changes nothing (Stripe's idempotency model).
"""

from __future__ import annotations

import logging
from datetime import datetime

import attrs

from sleeplab_core.catalog.model import Product, ProductKind
from sleeplab_core.kernel.money import Money
from sleeplab_core.payments.context import PaymentsContext
from sleeplab_core.payments.effects import (
    CreditGrant,
    book_credits,
    credit_grant,
    grant_purchase,
    order_source,
)
from sleeplab_core.payments.errors import (
    AmountMismatch,
    OrderMismatch,
    PaymentConflict,
    UnknownOrder,
)
from sleeplab_core.payments.model import (
    OPEN_STATES,
    Order,
    OrderState,
    PaymentOutcome,
    PaymentRecord,
    payment_key,
)
from sleeplab_core.payments.ports import GatewayConfirmation, PaymentsUnitOfWork

log = logging.getLogger(__name__)


@attrs.frozen(kw_only=True)
class Confirmation:
    """The result of confirming a payment (the same result for every replay of it)."""

    order: Order
    payment: PaymentRecord
    replay: bool = False
    credits: CreditGrant | None = None

    @property
    def granted(self) -> bool:
        """Whether this payment gave the buyer something (not a duplicate)."""
        return self.payment.outcome is not PaymentOutcome.DUPLICATE


async def confirm_payment(ctx: PaymentsContext, confirmation: GatewayConfirmation) -> Confirmation:
    """Record a verified payment and grant the order's effect, exactly once.

    - A replay of the same provider payment returns the first result and changes nothing.
    - A payment for an expired or cancelled order is honoured (the money moved) and logged.
    - A second payment (another provider id) for a paid order is recorded as a DUPLICATE
      with no effect, to be refunded; a recurring payment of a paid subscription order
      renews it instead.
    - Credits are booked on the ledger after the commit under the key ``payment:<order>``;
      a replay books again under the same key, which the ledger turns into a no-op (and which
      repairs a crash between the commit and the booking).

    Raises:
        UnknownOrder: the order does not exist (answer 404; nothing stored).
        AmountMismatch: amount or currency differ from the order's (400; nothing stored).
        OrderMismatch: the gateway, order number or payer is not the order's (400; nothing
            stored: a Telegram payment never pays a Robokassa order, an ``InvId`` names its
            own order, the payer is the buyer).
        PaymentConflict: the payment id was confirmed before for another order (409).
    """
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        order = await uow.orders.get(confirmation.order_id)
        if order is None:
            log.warning(
                "payment %s for unknown order %s", _key(confirmation), confirmation.order_id
            )
            raise UnknownOrder(confirmation.order_id)
        _check_matches(order, confirmation)
        product = ctx.catalog.get(order.product)
        record = _record(order, product, confirmation, now)
        stored, inserted = await uow.payments.add(record)
        if not inserted:
            result = _replayed(stored, confirmation, order, product)
        else:
            result = await _apply(uow, order, product, stored, now)
            await uow.commit()
    if result.credits is not None:
        await book_credits(ctx.ledger, result.credits)
    return result


def _check_matches(order: Order, confirmation: GatewayConfirmation) -> None:
    """Refuse (and log, without the callback's values) a confirmation that is not the
    order's own."""
    if confirmation.gateway is not order.gateway:
        mismatch = "gateway"
    elif confirmation.amount != order.amount:
        log.warning("payment %s: wrong amount for order %s", _key(confirmation), order.id)
        raise AmountMismatch(order.id, _shown(order.amount), _shown(confirmation.amount))
    elif confirmation.order_number is not None and confirmation.order_number != order.number:
        mismatch = "order_number"
    elif confirmation.payer_id is not None and confirmation.payer_id != order.user_id:
        mismatch = "payer"
    else:
        return
    log.warning(
        "%s payment refused: its %s is not that of order %s",
        confirmation.gateway.value,
        mismatch,
        order.id,
    )
    raise OrderMismatch(order.id, mismatch)


def _record(
    order: Order, product: Product, confirmation: GatewayConfirmation, now: datetime
) -> PaymentRecord:
    key = payment_key(confirmation.gateway, confirmation.payment_id)
    if order.state is OrderState.PAID or order.state is OrderState.REFUNDED:
        renews = (
            order.state is OrderState.PAID
            and product.kind is ProductKind.SUBSCRIPTION
            and confirmation.is_recurring
        )
        outcome = PaymentOutcome.RENEWAL if renews else PaymentOutcome.DUPLICATE
        source = f"{order_source(order.id)}:{key}" if renews else None
    else:
        outcome, source = PaymentOutcome.APPLIED, order_source(order.id)
    return PaymentRecord(
        gateway=confirmation.gateway,
        payment_id=confirmation.payment_id,
        order_id=order.id,
        amount=confirmation.amount,
        outcome=outcome,
        received_at=now,
        payer_id=confirmation.payer_id,
        provider_charge_id=confirmation.provider_charge_id,
        grant_source=source,
        late=outcome is PaymentOutcome.APPLIED and order.state_at(now) not in OPEN_STATES,
    )


async def _apply(
    uow: PaymentsUnitOfWork, order: Order, product: Product, record: PaymentRecord, now: datetime
) -> Confirmation:
    if record.outcome is PaymentOutcome.DUPLICATE:
        log.warning("payment %s: order %s was already paid; refund it", record.key, order.id)
        return Confirmation(order=order, payment=record)
    assert record.grant_source is not None  # every non-duplicate has one
    if record.outcome is PaymentOutcome.APPLIED:
        if record.late:
            log.warning("payment %s honoured for %s order %s", record.key, order.state, order.id)
        order = order.moved_to(OrderState.PAID, now, payment_key=record.key)
        await uow.orders.save(order)
        if order.promo_code is not None:
            await uow.promos.redeem(order.id, now)
    credits = await grant_purchase(
        uow,
        user_id=order.user_id,
        product=product,
        source=record.grant_source,
        order_id=order.id,
        now=now,
    )
    log.info("payment %s %s order %s", record.key, record.outcome.value, order.id)
    return Confirmation(order=order, payment=record, credits=credits)


def _replayed(
    stored: PaymentRecord, confirmation: GatewayConfirmation, order: Order, product: Product
) -> Confirmation:
    if stored.order_id != confirmation.order_id:
        raise PaymentConflict(stored.key, "order")
    if stored.amount != confirmation.amount:
        raise PaymentConflict(stored.key, "amount or currency")
    credits = None
    if product.kind is ProductKind.CREDITS and stored.grant_source is not None:
        credits = credit_grant(order.user_id, product, stored.grant_source)
    return Confirmation(order=order, payment=stored, replay=True, credits=credits)


def _key(confirmation: GatewayConfirmation) -> str:
    return payment_key(confirmation.gateway, confirmation.payment_id)


def _shown(amount: Money) -> str:
    return f"{amount.amount} {amount.unit}"
