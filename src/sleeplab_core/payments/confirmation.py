"""Confirming a payment under its earlier module name (``payments.use_cases.confirm_payment``)."""

from sleeplab_core.payments.use_cases.confirm_payment import Confirmation, confirm_payment

__all__ = ["Confirmation", "confirm_payment"]
