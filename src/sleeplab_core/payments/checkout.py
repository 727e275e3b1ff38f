"""Telegram's pre-checkout question under its earlier module name
(``payments.use_cases.pre_checkout``; the checkout itself is ``payments.use_cases.checkout``)."""

from sleeplab_core.payments.use_cases.pre_checkout import (
    NOT_PAYABLE,
    UNKNOWN_ORDER,
    WRONG_AMOUNT,
    WRONG_PAYER,
    PreCheckoutVerdict,
    answer,
    check_pre_checkout,
    pre_checkout,
)

__all__ = [
    "NOT_PAYABLE",
    "UNKNOWN_ORDER",
    "WRONG_AMOUNT",
    "WRONG_PAYER",
    "PreCheckoutVerdict",
    "answer",
    "check_pre_checkout",
    "pre_checkout",
]
