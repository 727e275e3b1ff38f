"""Telegram payments (Stars and provider tokens): invoices and ``successful_payment``.

Telegram proves a payment by delivering ``successful_payment`` to the bot over its
authenticated connection; there is no signature to check. What the bot must check is that
the payload names one of its orders and the amount and currency are that order's (the
confirmation use case does).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from sleeplab_core.catalog.model import Product, ProductKind
from sleeplab_core.conversation.actions import LabeledPrice, SendInvoice
from sleeplab_core.conversation.events import PaymentSucceeded
from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.kernel.i18n import Message
from sleeplab_core.kernel.money import Money
from sleeplab_core.payments.errors import CallbackRejected
from sleeplab_core.payments.model import Gateway, Order
from sleeplab_core.payments.payload import decode_payload, encode_payload
from sleeplab_core.payments.ports import GatewayConfirmation, InvoiceRequest

STARS_CURRENCY = "XTR"
STARS_SUBSCRIPTION_PERIOD = 2_592_000  # 30 days: the only period Telegram accepts
MAX_CHARGE_ID = 256
PRICE_LABEL_KEY = "payments.invoice.price_label"
SUBSCRIBE_KEY = "payments.invoice.subscribe"


def telegram_gateway(currency: str) -> Gateway:
    return Gateway.STARS if currency == STARS_CURRENCY else Gateway.PROVIDER


def invoice_for(order: Order, product: Product, provider_token: str = "") -> InvoiceRequest:
    """The invoice of an order: one price item, the discount already in the amount.

    A Stars subscription product becomes a 30-day subscription invoice.
    """
    stars = order.currency == STARS_CURRENCY
    subscription = stars and product.kind is ProductKind.SUBSCRIPTION
    return InvoiceRequest(
        title_key=product.title_key,
        description_key=product.description_key,
        payload=encode_payload(order.id),
        currency=order.currency,
        amount=order.amount.amount,
        provider_token="" if stars else provider_token,
        subscription_period=STARS_SUBSCRIPTION_PERIOD if subscription else None,
    )


def send_invoice(request: InvoiceRequest, render: Callable[[Message], str]) -> SendInvoice:
    """The conversation action for an invoice, texts rendered in the buyer's language."""
    label = render(Message(PRICE_LABEL_KEY))
    return SendInvoice(
        title=render(Message(request.title_key)),
        description=render(Message(request.description_key)),
        payload=request.payload,
        currency=request.currency,
        prices=(LabeledPrice(label=label, amount=request.amount),),
        provider_token=request.provider_token,
        subscription_period=request.subscription_period,
        button_label=render(Message(SUBSCRIBE_KEY)) if request.subscription_period else None,
    )


def confirmation_from_event(event: PaymentSucceeded) -> GatewayConfirmation:
    """The confirmation a ``successful_payment`` carries.

    Raises:
        BadPayload: the payload is not one of ours.
        CallbackRejected: a malformed amount, currency or charge id.
    """
    return _confirmation(
        payload=event.payload,
        currency=event.currency,
        total_amount=event.total_amount,
        charge_id=event.telegram_charge_id,
        provider_charge_id=event.provider_charge_id,
        payer_id=event.user_id,
        is_recurring=event.is_recurring,
    )


def confirmation_from_fields(fields: Mapping[str, str]) -> GatewayConfirmation:
    """The same from ``successful_payment`` fields as strings (``invoice_payload``,
    ``currency``, ``total_amount``, ``telegram_payment_charge_id``,
    ``provider_payment_charge_id``, ``is_recurring``, ``user_id``).

    Raises:
        BadPayload, CallbackRejected.
    """
    amount, user = fields.get("total_amount", ""), fields.get("user_id", "")
    if not amount.isascii() or not amount.isdigit() or len(amount) > 12:
        raise CallbackRejected("must be a whole number", field="total_amount")
    return _confirmation(
        payload=fields.get("invoice_payload", ""),
        currency=fields.get("currency", ""),
        total_amount=int(amount),
        charge_id=fields.get("telegram_payment_charge_id", ""),
        provider_charge_id=fields.get("provider_payment_charge_id") or None,
        payer_id=int(user) if user.isascii() and user.isdigit() and len(user) < 20 else None,
        is_recurring=fields.get("is_recurring", "").lower() == "true",
    )


def _confirmation(
    *,
    payload: str,
    currency: str,
    total_amount: int,
    charge_id: str,
    provider_charge_id: str | None,
    payer_id: int | None,
    is_recurring: bool,
) -> GatewayConfirmation:
    order_id = decode_payload(payload)
    if not charge_id or len(charge_id) > MAX_CHARGE_ID:
        raise CallbackRejected("missing or too long", field="telegram_payment_charge_id")
    try:
        amount = Money(total_amount, currency)
    except ValidationFailed as error:
        raise CallbackRejected(error.reason, field="currency") from None
    if amount.amount <= 0:
        raise CallbackRejected("must be positive", field="total_amount")
    return GatewayConfirmation(
        gateway=telegram_gateway(currency),
        payment_id=charge_id,
        order_id=order_id,
        amount=amount,
        payer_id=payer_id,
        provider_charge_id=provider_charge_id,
        is_recurring=is_recurring,
    )
