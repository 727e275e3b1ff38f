"""Orders, the payments that confirm them, and their states (values only)."""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from sleeplab_core.kernel.money import Money
from sleeplab_core.kernel.users import UserId
from sleeplab_core.payments.errors import InvalidTransition


class Gateway(enum.StrEnum):
    STARS = "stars"
    """Telegram Stars: XTR, empty provider token, one price item."""
    PROVIDER = "provider"
    """Telegram Payments with a provider token (RUB and other fiat currencies)."""
    ROBOKASSA = "robokassa"
    TILDA = "tilda"


class OrderState(enum.StrEnum):
    CREATED = "created"
    AWAITING_PAYMENT = "awaiting_payment"
    PAID = "paid"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"


# Expired and cancelled orders may still become paid: the money moved, so it is honoured.
ALLOWED: dict[OrderState, frozenset[OrderState]] = {
    OrderState.CREATED: frozenset(
        {OrderState.AWAITING_PAYMENT, OrderState.PAID, OrderState.EXPIRED, OrderState.CANCELLED}
    ),
    OrderState.AWAITING_PAYMENT: frozenset(
        {OrderState.PAID, OrderState.EXPIRED, OrderState.CANCELLED}
    ),
    OrderState.EXPIRED: frozenset({OrderState.PAID}),
    OrderState.CANCELLED: frozenset({OrderState.PAID}),
    OrderState.PAID: frozenset({OrderState.REFUNDED}),
    OrderState.REFUNDED: frozenset(),
}
OPEN_STATES = frozenset({OrderState.CREATED, OrderState.AWAITING_PAYMENT})


@attrs.frozen(kw_only=True)
class Order:
    """A user's intent to buy one product through one gateway at a fixed final ``amount``.

    ``number`` is a sequential integer the store assigns (Robokassa's ``InvId``); ``id`` is
    the opaque identifier used everywhere else. ``list_price`` is the catalog price,
    ``amount`` what is charged after the promo code.
    """

    id: str
    number: int = 0
    user_id: UserId
    product: str
    gateway: Gateway
    list_price: Money
    amount: Money
    promo_code: str | None = None
    state: OrderState = OrderState.CREATED
    created_at: datetime
    expires_at: datetime
    paid_at: datetime | None = None
    payment_key: str | None = None
    closed_at: datetime | None = None

    @property
    def currency(self) -> str:
        return self.amount.unit

    @property
    def is_free(self) -> bool:
        return self.amount.amount == 0

    def state_at(self, now: datetime) -> OrderState:
        """The state as a user sees it: an open order past its expiry is expired."""
        if self.state in OPEN_STATES and now >= self.expires_at:
            return OrderState.EXPIRED
        return self.state

    def is_payable(self, now: datetime) -> bool:
        """Whether a payment may still start (the pre-checkout question)."""
        return self.state_at(now) in OPEN_STATES

    def moved_to(self, state: OrderState, at: datetime, *, payment_key: str | None = None) -> Order:
        """This order in ``state``.

        Raises:
            InvalidTransition: ``state`` is not reachable from the current one.
        """
        if state not in ALLOWED[self.state]:
            raise InvalidTransition(self.id, self.state.value, state.value)
        if state is OrderState.PAID:
            return attrs.evolve(self, state=state, paid_at=at, payment_key=payment_key)
        if state is OrderState.AWAITING_PAYMENT:
            return attrs.evolve(self, state=state)
        return attrs.evolve(self, state=state, closed_at=at)


class PaymentOutcome(enum.StrEnum):
    APPLIED = "applied"
    """The payment paid its order: the order's effect was granted."""
    RENEWAL = "renewal"
    """A recurring payment of a subscription order: the subscription was extended."""
    DUPLICATE = "duplicate"
    """The order was already paid by another payment: no effect; refund it."""


@attrs.frozen(kw_only=True)
class PaymentRecord:
    """One provider payment, stored once per (gateway, payment id)."""

    gateway: Gateway
    payment_id: str
    order_id: str
    amount: Money
    outcome: PaymentOutcome
    received_at: datetime
    payer_id: UserId | None = None
    provider_charge_id: str | None = None
    grant_source: str | None = None
    """The entitlement source (and ledger key) of its effect, None for a duplicate."""
    late: bool = False
    """The order was expired or cancelled when the payment arrived (honoured anyway)."""
    refunded_at: datetime | None = None

    @property
    def key(self) -> str:
        return payment_key(self.gateway, self.payment_id)


def payment_key(gateway: Gateway, payment_id: str) -> str:
    return f"{gateway.value}:{payment_id}"
