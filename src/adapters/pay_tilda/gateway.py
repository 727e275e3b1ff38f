"""A Tilda landing page as a :class:`~sleeplab_core.payments.PaymentGateway`.

The bot sends the buyer to the page with a signed user token (who, which order) that the
page's form carries back in a hidden field. Tilda does not sign its webhook: the secret in
the webhook URL and the token are all that says the call is genuine, and the amount is what
the page claims. ``confirm_payment`` still insists it equals the order's.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from urllib.parse import urlencode

from adapters.pay_tilda.errors import MalformedWebhook
from adapters.pay_tilda.webhook import (
    TOKEN_FIELD,
    TildaHandshake,
    TildaSubmission,
    check_webhook_secret,
    parse_webhook,
)
from sleeplab_core.catalog.model import Product
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.payments import (
    Gateway,
    GatewayConfirmation,
    Order,
    PaymentLink,
    PaymentRecord,
    RefundFailed,
)
from sleeplab_core.payments.signatures import UserToken, sign_user_token

TOKEN_GRACE = timedelta(days=2)
"""A token outlives its order: Tilda's webhook may come late, and a late payment counts."""


class TildaGateway:
    """Args:
    page_url: the landing page with the form (its hidden field ``sleeplab_token``).
    webhook_secret: the last segment of the webhook URL (``/payments/tilda/<secret>``).
    token_secret: the key of the user tokens (at least 16 bytes).
    """

    def __init__(
        self,
        *,
        page_url: str,
        webhook_secret: str,
        token_secret: bytes,
        clock: Clock,
        currency: str = "RUB",
    ) -> None:
        self._page = page_url
        self._webhook_secret = webhook_secret
        self._token_secret = token_secret
        self._clock = clock
        self._currency = currency

    @property
    def gateway(self) -> Gateway:
        return Gateway.TILDA

    async def create_payment(self, order: Order, product: Product) -> PaymentLink:
        token = UserToken(order.user_id, order.id, order.expires_at + TOKEN_GRACE)
        query = urlencode({TOKEN_FIELD: sign_user_token(token, self._token_secret)})
        separator = "&" if "?" in self._page else "?"
        return PaymentLink(f"{self._page}{separator}{query}")

    def check_secret(self, received: str) -> None:
        """Raises:
        WrongWebhookSecret: the URL secret does not match (compared in constant time).
        """
        check_webhook_secret(received, self._webhook_secret)

    def parse(self, form: Mapping[str, object]) -> TildaHandshake | TildaSubmission:
        """Raises:
        MalformedWebhook, BadToken.
        """
        return parse_webhook(
            form, token_secret=self._token_secret, now=self._clock.now(), currency=self._currency
        )

    def verify_callback(self, fields: Mapping[str, str]) -> GatewayConfirmation:
        """A paid-cart submission: the order and buyer from the token, the amount from the
        cart, Tilda's order number as the payment id.

        Raises:
            MalformedWebhook: a handshake or a malformed form; BadToken.
        """
        submission = self.parse(fields)
        if isinstance(submission, TildaHandshake):
            raise MalformedWebhook("a connection check, not a payment", field="test")
        return GatewayConfirmation(
            gateway=Gateway.TILDA,
            payment_id=submission.payment.order_id,
            order_id=submission.user.order_id,
            amount=submission.payment.amount,
            payer_id=submission.user.user_id,
        )

    async def refund(self, payment: PaymentRecord) -> None:
        """Raises:
        RefundFailed: always; refund with the page's payment provider, then record it.
        """
        raise RefundFailed(
            f"payment {payment.key}: refund it with the payment provider behind the Tilda "
            "page, then record it with `sleeplab payments refund ORDER --already-refunded`"
        )
