"""The unit of work: one transaction over every repository a use case touches."""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Protocol, Self

from sleeplab_core.assistant.ports import AssistantRepository
from sleeplab_core.conversation.ports import ConversationRepository, Inbox
from sleeplab_core.entitlements.model import EntitlementRepository
from sleeplab_core.jobs.ports import BroadcastRepository, JobRepository
from sleeplab_core.kernel.users import UserRepository
from sleeplab_core.promo.ports import PromoRepository
from sleeplab_core.questionnaires.runs import RunRepository

if TYPE_CHECKING:
    # payments.ports builds on this module (its PaymentsUnitOfWork is this UnitOfWork), so
    # its repository ports are imported for the type checker only: no cycle at run time.
    from sleeplab_core.payments.ports import (
        OrderRepository,
        PaymentRepository,
        SubscriptionRepository,
    )


class UnitOfWork(Protocol):
    """A transaction boundary.

    Contract: changes made through the repositories become visible to other units of work
    only after ``commit``; leaving the ``async with`` block without a commit (or with an
    exception) discards them. Uniqueness (inbox keys, entitlement sources) is enforced at
    commit or write time by the store itself, never by check-then-insert. The payments
    repositories (orders, payments, promos, subscriptions) carry the constraints listed in
    docs/payments.md (in SQL, ``orders.get``, ``payments.get`` and ``subscriptions.get``
    lock the row, ``promos.reserve`` the code's row, until the unit of work ends).
    """

    users: UserRepository
    conversations: ConversationRepository
    inbox: Inbox
    runs: RunRepository
    entitlements: EntitlementRepository
    orders: OrderRepository
    payments: PaymentRepository
    promos: PromoRepository
    subscriptions: SubscriptionRepository
    jobs: JobRepository
    broadcasts: BroadcastRepository
    assistant: AssistantRepository

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    """Opens a new unit of work: ``async with uow_factory() as uow: ...``."""

    def __call__(self) -> UnitOfWork: ...
