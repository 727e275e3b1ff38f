"""The unit of work on Tortoise: one database transaction per ``async with`` block."""

from __future__ import annotations

import contextvars
from types import TracebackType
from typing import Self

from tortoise.backends.base.client import TransactionalDBClient, TransactionContext
from tortoise.context import TortoiseContext, _current_context

from adapters.tortoise.database import Database
from adapters.tortoise.repositories import (
    TortoiseAssistantRepository,
    TortoiseConversationRepository,
    TortoiseEntitlementRepository,
    TortoiseInbox,
    TortoiseOrderRepository,
    TortoisePaymentRepository,
    TortoisePromoRepository,
    TortoiseRunRepository,
    TortoiseSubscriptionRepository,
    TortoiseUserRepository,
)
from adapters.tortoise.repositories.jobs import (
    TortoiseBroadcastRepository,
    TortoiseJobRepository,
)
from sleeplab_core.assistant.ports import AssistantRepository
from sleeplab_core.conversation.ports import ConversationRepository, Inbox
from sleeplab_core.entitlements.model import EntitlementRepository
from sleeplab_core.jobs.ports import BroadcastRepository, JobRepository
from sleeplab_core.kernel.users import UserRepository
from sleeplab_core.payments.ports import (
    OrderRepository,
    PaymentRepository,
    SubscriptionRepository,
)
from sleeplab_core.promo.ports import PromoRepository
from sleeplab_core.questionnaires.runs import RunRepository


class TortoiseUnitOfWork:
    """A transaction over every repository, following the ``UnitOfWork`` port's contract.

    Entering begins a transaction (on SQLite ``BEGIN IMMEDIATE`` behind the client's lock,
    so units of work run one at a time; on PostgreSQL a pooled connection). ``commit``
    commits it and begins the next one, in which later changes are made; leaving the block
    rolls back whatever was not committed, also after an exception.
    """

    # Declared as the ports: the protocol's attributes are mutable, hence invariant.
    users: UserRepository
    conversations: ConversationRepository
    inbox: Inbox
    runs: RunRepository
    entitlements: EntitlementRepository
    orders: OrderRepository
    payments: PaymentRepository
    promos: PromoRepository
    subscriptions: SubscriptionRepository
    assistant: AssistantRepository
    jobs: JobRepository
    broadcasts: BroadcastRepository

    def __init__(self, database: Database) -> None:
        self._database = database
        self._context_token: contextvars.Token[TortoiseContext | None] | None = None
        self._transaction: TransactionContext | None = None
        self._connection: TransactionalDBClient | None = None

    async def __aenter__(self) -> Self:
        self._context_token = self._database.enter()
        try:
            await self._begin()
        except BaseException:
            self._leave_context()
            raise
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self._end(commit=False)
        finally:
            self._leave_context()

    @property
    def connection(self) -> TransactionalDBClient:
        """The open transaction, for binding further repositories to this unit of work."""
        if self._connection is None:
            raise RuntimeError("the unit of work is not open: use it inside `async with`")
        return self._connection

    async def commit(self) -> None:
        """Make the changes so far durable and visible; later changes need another commit."""
        await self._end(commit=True)
        await self._begin()

    async def _begin(self) -> None:
        transaction = self._database.client._in_transaction()
        connection = await transaction.__aenter__()
        self._transaction, self._connection = transaction, connection
        self.users = TortoiseUserRepository(connection)
        self.conversations = TortoiseConversationRepository(connection)
        self.inbox = TortoiseInbox(connection)
        self.runs = TortoiseRunRepository(connection)
        self.entitlements = TortoiseEntitlementRepository(connection)
        self.assistant = TortoiseAssistantRepository(connection)
        self.orders = TortoiseOrderRepository(connection)
        self.payments = TortoisePaymentRepository(connection)
        self.promos = TortoisePromoRepository(connection)
        self.subscriptions = TortoiseSubscriptionRepository(connection)
        self.jobs = TortoiseJobRepository(connection)
        self.broadcasts = TortoiseBroadcastRepository(connection)
        for module in self._database.modules:
            setattr(self, module.name, module.repository(connection, self._database.dialect))

    async def _end(self, *, commit: bool) -> None:
        transaction, connection = self._transaction, self._connection
        if transaction is None or connection is None:
            return
        self._transaction = self._connection = None
        try:
            if not connection._finalized:
                await (connection.commit() if commit else connection.rollback())
        except BaseException as error:
            # Tortoise's context rolls back what it still can and frees the connection.
            await transaction.__aexit__(type(error), error, error.__traceback__)
            raise
        # The transaction is finalised: leaving its context only frees the connection.
        await transaction.__aexit__(None, None, None)

    def _leave_context(self) -> None:
        if self._context_token is not None:
            _current_context.reset(self._context_token)
            self._context_token = None


class TortoiseUnitOfWorkFactory:
    """The ``UnitOfWorkFactory`` of a database: ``async with factory() as uow: ...``."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def __call__(self) -> TortoiseUnitOfWork:
        return TortoiseUnitOfWork(self.database)
