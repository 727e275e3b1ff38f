"""Robokassa as a :class:`~sleeplab_core.payments.PaymentGateway` over the pure functions
of this package (signed links, ResultURL verification)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from adapters.pay_robokassa.callbacks import ReturnToBot, parse_fail, parse_result, parse_success
from adapters.pay_robokassa.links import MAX_DESCRIPTION, PaymentLinkRequest, build_payment_url
from adapters.pay_robokassa.settings import RobokassaSettings
from sleeplab_core.catalog.model import Product
from sleeplab_core.payments import (
    Gateway,
    GatewayConfirmation,
    Order,
    PaymentLink,
    PaymentRecord,
    RefundFailed,
)


class RobokassaGateway:
    """Links signed with Password#1, ResultURL verified with Password#2.

    The order number is Robokassa's ``InvId`` (and the provider payment id: Robokassa pays
    an invoice once); ``Shp_order`` and ``Shp_user`` carry our order id and the buyer.
    """

    def __init__(
        self, settings: RobokassaSettings, describe: Callable[[Product], str] | None = None
    ) -> None:
        """``describe`` names the product on Robokassa's page (its title for the buyer);
        without it, the product code is shown."""
        self.settings = settings
        self._describe = describe or (lambda product: product.code)

    @property
    def gateway(self) -> Gateway:
        return Gateway.ROBOKASSA

    async def create_payment(self, order: Order, product: Product) -> PaymentLink:
        """Raises:
        ValidationFailed: the order does not fit Robokassa (amount in another currency...).
        """
        request = PaymentLinkRequest(
            inv_id=order.number,
            amount=order.amount,
            description=self._describe(product)[:MAX_DESCRIPTION],
            order_id=order.id,
            user_id=order.user_id,
        )
        return PaymentLink(build_payment_url(self.settings, request))

    def verify_callback(self, fields: Mapping[str, str]) -> GatewayConfirmation:
        """A ResultURL call's parameters, exactly as received.

        Raises:
            MalformedCallback, BadSignature (both ``ValidationFailed``).
        """
        confirmation = parse_result(fields, self.settings)
        return GatewayConfirmation(
            gateway=Gateway.ROBOKASSA,
            payment_id=str(confirmation.inv_id),
            order_id=confirmation.order_id,
            amount=confirmation.amount,
            order_number=confirmation.inv_id,
            payer_id=confirmation.user_id,
        )

    def success(self, fields: Mapping[str, str]) -> ReturnToBot:
        """The buyer back on SuccessURL (signed with Password#1; it confirms nothing).

        Raises:
            MalformedCallback, BadSignature.
        """
        return parse_success(fields, self.settings)

    def fail(self, fields: Mapping[str, str]) -> ReturnToBot:
        """The buyer back on FailURL (unsigned).

        Raises:
            MalformedCallback.
        """
        return parse_fail(fields)

    async def refund(self, payment: PaymentRecord) -> None:
        """Robokassa refunds are made in the shop's account (its refund API needs a separate
        key); record them afterwards with ``sleeplab payments refund --already-refunded``.

        Raises:
            RefundFailed: always, with what to do.
        """
        raise RefundFailed(
            f"payment {payment.key}: refund it in the Robokassa account, then record it with "
            "`sleeplab payments refund ORDER --already-refunded`"
        )
