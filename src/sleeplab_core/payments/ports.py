"""The payments ports: repositories (inside a unit of work) and the payment gateway."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

import attrs

from sleeplab_core.catalog.model import Product
from sleeplab_core.entitlements.model import EntitlementRepository
from sleeplab_core.kernel.money import Money
from sleeplab_core.kernel.users import UserId
from sleeplab_core.payments.model import Gateway, Order, PaymentRecord
from sleeplab_core.payments.subscriptions import Subscription
from sleeplab_core.promo.ports import PromoRepository

ANONYMOUS_USER: UserId = 0
"""Who an erased user's kept accounting records (orders, redemptions) belong to."""


class OrderRepository(Protocol):
    """Orders by id.

    Contract: ``add`` stores a new order, assigning ``number`` = 1, 2, 3... (unique, never
    reused: an autoincrement key in SQL) and returns it; an existing id raises ``Conflict``
    (``id`` is unique). ``get`` returns the order or None; in SQL stores it locks the row for
    the rest of the unit of work (``SELECT … FOR UPDATE``), so confirmations, refunds and
    expiry of one order serialise. ``save`` replaces an existing order. ``by_number`` finds
    an order by its number. ``has_paid`` tells whether the user has an order that is or was
    paid (PAID or REFUNDED). ``open_due`` lists open orders (created or awaiting payment)
    whose expiry is at or before ``now``. ``anonymise_user`` gives every order of the user to
    :data:`ANONYMOUS_USER` (erasure: accounting keeps the orders, not who placed them).
    """

    async def add(self, order: Order) -> Order: ...

    async def get(self, order_id: str) -> Order | None: ...

    async def by_number(self, number: int) -> Order | None: ...

    async def save(self, order: Order) -> None: ...

    async def has_paid(self, user_id: UserId) -> bool: ...

    async def open_due(self, now: datetime) -> list[Order]: ...

    async def for_user(self, user_id: UserId) -> list[Order]: ...

    async def anonymise_user(self, user_id: UserId) -> None: ...


class PaymentRepository(Protocol):
    """Provider payments, unique per (gateway, payment id).

    Contract: ``add`` inserts the record unless one with the same (gateway, payment id)
    exists — the uniqueness is the store's (a unique constraint in SQL, the insert being the
    check, never a check-then-insert) — and returns ``(stored, inserted)``: the record now
    stored under that key and whether this call inserted it. ``get`` returns a record or
    None; ``save`` replaces an existing record (refunds); ``for_order`` lists an order's
    records in arrival order. ``anonymise_payer`` clears ``payer_id`` wherever it is the user.
    """

    async def add(self, record: PaymentRecord) -> tuple[PaymentRecord, bool]: ...

    async def get(self, gateway: Gateway, payment_id: str) -> PaymentRecord | None: ...

    async def save(self, record: PaymentRecord) -> None: ...

    async def for_order(self, order_id: str) -> list[PaymentRecord]: ...

    async def anonymise_payer(self, user_id: UserId) -> None:
        """Forget that ``user_id`` paid: their records keep amounts, lose the payer (erasure)."""
        ...


class SubscriptionRepository(Protocol):
    """Subscriptions, one per (user, product), and the trials users took.

    Contract: ``get`` returns the subscription or None; ``save`` inserts or replaces it.
    ``claim_trial`` records that the user took the product's free trial and returns True
    the first time, False ever after — a unique (user, product) row, so concurrent claims
    succeed once. ``delete_user`` removes the user's subscriptions and trials (erasure).
    """

    async def get(self, user_id: UserId, product: str) -> Subscription | None: ...

    async def save(self, subscription: Subscription) -> None: ...

    async def claim_trial(self, user_id: UserId, product: str, at: datetime) -> bool: ...

    async def delete_user(self, user_id: UserId) -> None: ...


RevocableEntitlements = EntitlementRepository


class PaymentsUnitOfWork(Protocol):
    """What the payments use cases need of a unit of work (the storage port's
    ``UnitOfWork`` provides it, with the same transaction contract)."""

    orders: OrderRepository
    payments: PaymentRepository
    promos: PromoRepository
    subscriptions: SubscriptionRepository
    entitlements: EntitlementRepository

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...


class PaymentsUnitOfWorkFactory(Protocol):
    """Opens a unit of work for the payments use cases."""

    def __call__(self) -> PaymentsUnitOfWork: ...


# The gateway port ----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class InvoiceRequest:
    """A Telegram invoice to send (Stars or a provider); texts are message keys.

    Stars: currency ``XTR``, empty ``provider_token``, exactly one price item with the
    discount baked in; ``subscription_period`` (seconds) makes it a subscription link.
    """

    title_key: str
    description_key: str
    payload: str
    currency: str
    amount: int
    provider_token: str = ""
    subscription_period: int | None = None


@attrs.frozen
class PaymentLink:
    """A page the buyer opens to pay (Robokassa, Tilda)."""

    url: str


PaymentRequest = InvoiceRequest | PaymentLink


@attrs.frozen(kw_only=True)
class GatewayConfirmation:
    """What a verified callback proves: this provider payment paid ``amount`` for the order.

    ``order_number`` is the order's number when the provider names it (Robokassa's
    ``InvId``); ``payer_id`` the buyer the provider names (Telegram's payer, Robokassa's
    ``Shp_user``, Tilda's signed token). ``confirm_payment`` refuses a confirmation whose
    gateway, amount, currency, number or payer is not the order's.
    """

    gateway: Gateway
    payment_id: str
    order_id: str
    amount: Money
    order_number: int | None = None
    payer_id: UserId | None = None
    provider_charge_id: str | None = None
    is_recurring: bool = False


class PaymentGateway(Protocol):
    """One way to pay.

    Contract:

    - ``create_payment`` describes how the buyer pays ``order`` for ``product``: an
      :class:`InvoiceRequest` (Telegram) or a :class:`PaymentLink` (Robokassa). It changes
      no stored state; the amount and currency are the order's, exactly.
    - ``verify_callback`` turns a callback's fields (strings, as received) into a
      :class:`GatewayConfirmation` only if the gateway proves it (a signature, or Telegram's
      own delivery); otherwise it raises ``CallbackRejected`` (or a subclass of
      ``ValidationFailed``). It never consults storage: the order check is the use case's.
    - ``refund`` asks the provider to return ``payment``'s money; raises ``RefundFailed``
      when the provider refuses or cannot.
    """

    @property
    def gateway(self) -> Gateway: ...

    async def create_payment(self, order: Order, product: Product) -> PaymentRequest: ...

    def verify_callback(self, fields: Mapping[str, str]) -> GatewayConfirmation: ...

    async def refund(self, payment: PaymentRecord) -> None: ...
