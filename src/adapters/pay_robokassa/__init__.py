"""Robokassa: signed payment links and the ResultURL / SuccessURL / FailURL callbacks.

Pure functions over plain mappings; the HTTP app stays a thin layer around them.
"""

from adapters.pay_robokassa.callbacks import (
    ReturnToBot,
    RobokassaConfirmation,
    parse_fail,
    parse_result,
    parse_success,
    result_answer,
)
from adapters.pay_robokassa.errors import MalformedCallback
from adapters.pay_robokassa.links import PaymentLinkRequest, build_payment_url
from adapters.pay_robokassa.settings import RobokassaSettings

__all__ = [
    "MalformedCallback",
    "PaymentLinkRequest",
    "ReturnToBot",
    "RobokassaConfirmation",
    "RobokassaSettings",
    "build_payment_url",
    "parse_fail",
    "parse_result",
    "parse_success",
    "result_answer",
]
