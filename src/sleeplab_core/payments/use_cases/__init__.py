"""The payments use cases, one per file; each takes a :class:`PaymentsContext` (the units of
work, catalog, clock, ledger and the module's settings)."""

from sleeplab_core.payments.use_cases.apply_refund import Refund, apply_refund
from sleeplab_core.payments.use_cases.cancel_order import cancel_order
from sleeplab_core.payments.use_cases.check_promo import check_promo
from sleeplab_core.payments.use_cases.checkout import Checkout, checkout
from sleeplab_core.payments.use_cases.confirm_payment import Confirmation, confirm_payment
from sleeplab_core.payments.use_cases.create_order import create_order, currency_for
from sleeplab_core.payments.use_cases.expire_orders import expire_orders
from sleeplab_core.payments.use_cases.get_order import get_order, payable_order
from sleeplab_core.payments.use_cases.pre_checkout import (
    PreCheckoutVerdict,
    answer,
    check_pre_checkout,
    pre_checkout,
)
from sleeplab_core.payments.use_cases.refund_order import refund_order
from sleeplab_core.payments.use_cases.start_payment import start_payment

__all__ = [
    "Checkout",
    "Confirmation",
    "PreCheckoutVerdict",
    "Refund",
    "answer",
    "apply_refund",
    "cancel_order",
    "check_pre_checkout",
    "check_promo",
    "checkout",
    "confirm_payment",
    "create_order",
    "currency_for",
    "expire_orders",
    "get_order",
    "payable_order",
    "pre_checkout",
    "refund_order",
    "start_payment",
]
