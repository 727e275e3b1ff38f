"""Tilda: the form webhook (handshake and paid carts) with a signed user token."""

from adapters.pay_tilda.errors import MalformedWebhook, WrongWebhookSecret
from adapters.pay_tilda.webhook import (
    HANDSHAKE_ANSWER,
    TOKEN_FIELD,
    TildaHandshake,
    TildaPayment,
    TildaProduct,
    TildaSubmission,
    check_webhook_secret,
    parse_webhook,
)

__all__ = [
    "HANDSHAKE_ANSWER",
    "TOKEN_FIELD",
    "MalformedWebhook",
    "TildaHandshake",
    "TildaPayment",
    "TildaProduct",
    "TildaSubmission",
    "WrongWebhookSecret",
    "check_webhook_secret",
    "parse_webhook",
]
