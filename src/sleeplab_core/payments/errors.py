"""Payment refusals: typed, carrying the order or payment at fault (never a secret).

``message_key`` names the text a user may be shown (``payments.po``); HTTP callers map
``NotFound`` to 404, ``ValidationFailed`` to 400 and ``Conflict`` to 409.
"""

from __future__ import annotations

from sleeplab_core.kernel.errors import Conflict, NotFound, SleeplabError, ValidationFailed


class BadPayload(ValidationFailed):
    """An invoice payload we did not make."""

    message_key = "payments.error.unknown_order"

    def __init__(self) -> None:
        super().__init__("not an invoice payload of ours", field="payload")


class UnknownOrder(NotFound):
    message_key = "payments.error.unknown_order"

    def __init__(self, order_id: str) -> None:
        super().__init__(f"no order {order_id!r}")
        self.order_id = order_id


class UnknownPayment(NotFound):
    def __init__(self, key: str) -> None:
        super().__init__(f"no payment {key!r}")
        self.key = key


class AmountMismatch(ValidationFailed):
    """The confirmed amount or currency differs from the order's: nothing is granted."""

    message_key = "payments.error.wrong_amount"

    def __init__(self, order_id: str, expected: str, received: str) -> None:
        super().__init__(
            f"order {order_id!r} costs {expected}, the payment says {received}", field="amount"
        )
        self.order_id = order_id


class OrderMismatch(ValidationFailed):
    """The callback names an order it cannot pay: another gateway, another order number or
    another buyer. Nothing is stored or granted; the refusal is logged (a forgery, or a
    payment to refund by hand)."""

    message_key = "payments.error.unknown_order"

    def __init__(self, order_id: str, what: str) -> None:
        super().__init__(f"the payment does not match order {order_id!r}: {what}", field=what)
        self.order_id = order_id
        self.what = what


class PaymentConflict(Conflict):
    """A provider payment id seen before, now with another order, amount or currency."""

    def __init__(self, key: str, what: str) -> None:
        super().__init__(f"payment {key!r} was first confirmed with another {what}")
        self.key = key


class OrderNotPayable(Conflict):
    """The order is paid, expired, cancelled or refunded: no new payment may start."""

    message_key = "payments.error.not_payable"

    def __init__(self, order_id: str, state: str) -> None:
        super().__init__(f"order {order_id!r} is {state} and cannot be paid")
        self.order_id = order_id
        self.state = state


class InvalidTransition(Conflict):
    def __init__(self, order_id: str, current: str, wanted: str) -> None:
        super().__init__(f"order {order_id!r} cannot go from {current} to {wanted}")


class GatewayMismatch(ValidationFailed):
    """The currency cannot be paid through the gateway (Stars sell only in XTR)."""

    message_key = "payments.error.currency_not_offered"

    def __init__(self, gateway: str, currency: str) -> None:
        super().__init__(f"{gateway} cannot take payments in {currency}", field="currency")


class CallbackRejected(ValidationFailed):
    """A gateway callback is malformed or its signature does not hold: answer 400."""


class CreditsAlreadySpent(Conflict):
    """A credits pack cannot be refunded: the buyer spent part of the credits."""

    message_key = "payments.error.credits_spent"

    def __init__(self, order_id: str) -> None:
        super().__init__(f"the credits of order {order_id!r} were already spent")
        self.order_id = order_id


class TrialAlreadyUsed(Conflict):
    message_key = "payments.error.trial_used"

    def __init__(self, product: str) -> None:
        super().__init__(f"the free trial of {product!r} was already used")
        self.product = product


class NoTrial(ValidationFailed):
    def __init__(self, product: str) -> None:
        super().__init__(f"{product!r} has no free trial", field="product")


class RefundFailed(SleeplabError):
    """The gateway refused or could not perform a refund."""


class GatewayNotConfigured(SleeplabError):
    """No gateway of this kind is configured, and the order needs one (it is not free)."""

    def __init__(self, gateway: str) -> None:
        super().__init__(f"no {gateway} gateway is configured")
