"""Telegram Stars (``XTR``, empty provider token) and provider-token payments.

The invoice is the ``SendInvoice`` action the conversation performs; ``successful_payment``
arrives over the bot's authenticated connection, so there is no signature to check, only the
order (payload, amount, currency), which the confirmation use case does.
"""

from __future__ import annotations

from collections.abc import Mapping

from sleeplab_core.catalog.model import Product
from sleeplab_core.payments import (
    CallbackRejected,
    Gateway,
    GatewayConfirmation,
    InvoiceRequest,
    Order,
    PaymentRecord,
    RefundFailed,
    confirmation_from_fields,
    invoice_for,
)
from sleeplab_core.payments.telegram_refunds import TelegramPayments


class TelegramGateway:
    """``Gateway.STARS`` or ``Gateway.PROVIDER`` (with the provider token from BotFather).

    Args:
        api: Telegram's refund call; without it refunds are refused with the reason.
    """

    def __init__(
        self,
        gateway: Gateway = Gateway.STARS,
        *,
        provider_token: str = "",
        api: TelegramPayments | None = None,
    ) -> None:
        if gateway not in (Gateway.STARS, Gateway.PROVIDER):
            raise ValueError("a Telegram gateway is STARS or PROVIDER")
        if gateway is Gateway.PROVIDER and not provider_token:
            raise ValueError("Telegram Payments need a provider token")
        self._gateway = gateway
        self._provider_token = provider_token if gateway is Gateway.PROVIDER else ""
        self._api = api

    @property
    def gateway(self) -> Gateway:
        return self._gateway

    async def create_payment(self, order: Order, product: Product) -> InvoiceRequest:
        return invoice_for(order, product, self._provider_token)

    def verify_callback(self, fields: Mapping[str, str]) -> GatewayConfirmation:
        """``successful_payment`` fields as strings (see ``confirmation_from_fields``).

        Raises:
            BadPayload, CallbackRejected: not one of our payloads, malformed, or paid
                through the other Telegram gateway.
        """
        confirmation = confirmation_from_fields(fields)
        if confirmation.gateway is not self._gateway:
            raise CallbackRejected(f"not a {self._gateway.value} payment", field="currency")
        return confirmation

    async def refund(self, payment: PaymentRecord) -> None:
        """Stars: ``refundStarPayment``. Provider payments are refunded by the provider.

        Raises:
            RefundFailed: a provider payment, no Telegram connection, or Telegram refused.
        """
        if self._gateway is Gateway.PROVIDER:
            raise RefundFailed(
                f"payment {payment.key}: refund it in the payment provider's dashboard, then "
                "record it with `sleeplab payments refund ORDER --already-refunded`"
            )
        if self._api is None or payment.payer_id is None:
            raise RefundFailed(f"payment {payment.key}: no Telegram bot token to refund with")
        await self._api.refund_star_payment(payment.payer_id, payment.payment_id)
