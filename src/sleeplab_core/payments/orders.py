"""The order use cases under their earlier module name (they live in ``payments.use_cases``)."""

from sleeplab_core.payments.use_cases.cancel_order import cancel_order
from sleeplab_core.payments.use_cases.create_order import (
    DEFAULT_FIAT,
    STARS,
    create_order,
    currency_for,
)
from sleeplab_core.payments.use_cases.expire_orders import expire_orders
from sleeplab_core.payments.use_cases.get_order import get_order
from sleeplab_core.payments.use_cases.start_payment import start_payment

__all__ = [
    "DEFAULT_FIAT",
    "STARS",
    "cancel_order",
    "create_order",
    "currency_for",
    "expire_orders",
    "get_order",
    "start_payment",
]
