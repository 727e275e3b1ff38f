"""In-memory storage: the fake of every repository port and of the unit of work.

Transactions are serialised by one lock and work on copies of the tables they use, which
replace the committed tables on ``commit`` — the isolation a real database gives, without a
database. A table is copied when a transaction first uses it (copy-on-write per table).
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from contextlib import asynccontextmanager
from datetime import datetime
from types import TracebackType
from typing import Any, Self, cast

import attrs

from sleeplab_core.assistant.fakes import AssistantTables, InMemoryAssistantRepository
from sleeplab_core.assistant.ports import AssistantRepository
from sleeplab_core.conversation.model import Conversation
from sleeplab_core.conversation.ports import ConversationRepository, Inbox
from sleeplab_core.entitlements.model import Entitlement, EntitlementRepository
from sleeplab_core.jobs.memory import InMemoryBroadcastRepository, InMemoryJobRepository, JobTables
from sleeplab_core.jobs.ports import BroadcastRepository, JobRepository
from sleeplab_core.kernel.errors import Conflict
from sleeplab_core.kernel.modules import MemoryModule
from sleeplab_core.kernel.transactions import (
    OpenTransaction,
    enter_transaction,
    leave_transaction,
)
from sleeplab_core.kernel.users import User, UserId, UserRepository
from sleeplab_core.payments.model import Gateway, Order, OrderState, PaymentRecord, payment_key
from sleeplab_core.payments.ports import (
    ANONYMOUS_USER,
    OrderRepository,
    PaymentRepository,
    SubscriptionRepository,
)
from sleeplab_core.payments.subscriptions import Subscription
from sleeplab_core.promo.model import PromoCode, Redemption, RedemptionState
from sleeplab_core.promo.ports import PromoRepository
from sleeplab_core.promo.rules import check_limits
from sleeplab_core.questionnaires.runs import QuestionnaireRun, RunRepository


@attrs.define
class _Tables:
    users: dict[UserId, User] = attrs.field(factory=dict)
    conversations: dict[tuple[UserId, str], Conversation] = attrs.field(factory=dict)
    inbox: set[str] = attrs.field(factory=set)
    runs: dict[str, QuestionnaireRun] = attrs.field(factory=dict)
    entitlements: dict[tuple[UserId, str, str], Entitlement] = attrs.field(factory=dict)
    orders: dict[str, Order] = attrs.field(factory=dict)
    payments: dict[str, PaymentRecord] = attrs.field(factory=dict)
    promos: dict[str, PromoCode] = attrs.field(factory=dict)
    redemptions: dict[str, Redemption] = attrs.field(factory=dict)  # by order id
    subscriptions: dict[tuple[UserId, str], Subscription] = attrs.field(factory=dict)
    trials: dict[tuple[UserId, str], datetime] = attrs.field(factory=dict)
    jobs: JobTables = attrs.field(factory=JobTables)  # jobs, broadcasts, deliveries
    assistant: AssistantTables = attrs.field(factory=AssistantTables)


class InMemoryStore:
    """The committed data, shared by every unit of work opened from it.

    ``modules`` adds the in-memory storage of capability modules that own their tables:
    each appears as ``uow.<name>``, copied and committed with the rest.
    """

    def __init__(self, modules: Iterable[MemoryModule] = ()) -> None:
        self.tables = _Tables()
        self.modules = {module.name: module for module in modules}
        self.module_tables: dict[str, Any] = {
            name: module.tables() for name, module in self.modules.items()
        }
        self.lock = asyncio.Lock()

    def __call__(self) -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(self)


def _copy_table(table: Any) -> Any:
    """A copy of one table that a transaction may change freely.

    Rows are immutable values (frozen attrs classes), so copying the containers isolates
    the transaction; an attrs class of tables (the jobs' and the assistant's) is copied
    field by field the same way.
    """
    if isinstance(table, dict | set | list):
        return table.copy()
    if attrs.has(type(table)):
        fields = attrs.fields(type(table))
        return type(table)(**{f.name: _copy_table(getattr(table, f.name)) for f in fields})
    return table


class _Snapshot:
    """One transaction's tables, each copied from the committed data when first used.

    A transaction touching three tables copies those three, not the whole store; the
    store's lock keeps the committed data still while the transaction runs.
    """

    def __init__(self, committed: _Tables) -> None:
        self._committed = committed
        self._copies: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        table = self._copies[name] = _copy_table(getattr(self._committed, name))
        object.__setattr__(self, name, table)
        return table

    def __setattr__(self, name: str, value: Any) -> None:
        if not name.startswith("_"):
            self._copies[name] = value
        object.__setattr__(self, name, value)

    def commit_into(self, committed: _Tables) -> None:
        for name, table in self._copies.items():
            setattr(committed, name, _copy_table(table))


_LAZY_REPOSITORIES: dict[str, Callable[[_Tables], Any]] = {
    "jobs": lambda tables: InMemoryJobRepository(tables.jobs),
    "broadcasts": lambda tables: InMemoryBroadcastRepository(tables.jobs),
    "assistant": lambda tables: InMemoryAssistantRepository(tables.assistant),
}


class InMemoryUnitOfWork:
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

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        self._tables = _Snapshot(store.tables)
        self._module_tables: dict[str, Any] = {}
        # Fakes with state of their own (the ledger) join it: rolled back with it.
        self._transaction = OpenTransaction()
        self._token: Any = None

    async def __aenter__(self) -> Self:
        await self._store.lock.acquire()
        self._start()
        self._token = enter_transaction(self._transaction)
        return self

    def _start(self) -> None:
        for name in (*_LAZY_REPOSITORIES, *self._store.modules):
            self.__dict__.pop(name, None)
        self._tables = _Snapshot(self._store.tables)
        tables = cast(_Tables, self._tables)
        self.users = _Users(tables)
        self.conversations = _Conversations(tables)
        self.inbox = _Inbox(tables)
        self.runs = _Runs(tables)
        self.entitlements = _Entitlements(tables)
        self.orders = _Orders(tables)
        self.payments = _Payments(tables)
        self.promos = _Promos(tables)
        self.subscriptions = _Subscriptions(tables)
        self._module_tables = {}

    def __getattr__(self, name: str) -> Any:
        """The repositories over the jobs', the assistant's and the modules' tables are
        built (and their tables copied) when a transaction first uses them."""
        if name in _LAZY_REPOSITORIES:
            repository = _LAZY_REPOSITORIES[name](cast(_Tables, self._tables))
        elif name in self.__dict__.get("_store", _NO_STORE).modules:
            repository = self._module_repository(name)
        else:
            raise AttributeError(name)
        setattr(self, name, repository)
        return repository

    def _module_repository(self, name: str) -> Any:
        # A module's tables may hold anything: deep-copied, once per transaction that uses it.
        tables = self._module_tables[name] = copy.deepcopy(self._store.module_tables[name])
        return self._store.modules[name].repository(tables)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self._transaction.rolled_back()  # what was not committed
        finally:
            if self._token is not None:
                leave_transaction(self._token)
                self._token = None
            self._store.lock.release()

    async def commit(self) -> None:
        self._tables.commit_into(self._store.tables)
        for name, tables in self._module_tables.items():
            self._store.module_tables[name] = copy.deepcopy(tables)
        self._transaction.committed()

    @asynccontextmanager
    async def released(self) -> AsyncIterator[None]:
        await self.commit()
        self._store.lock.release()
        outside = enter_transaction(None)  # a write in the block stands on its own
        try:
            yield
        finally:
            leave_transaction(outside)
            await self._store.lock.acquire()
            self._start()


class _NoStore:
    modules: Mapping[str, MemoryModule] = {}


_NO_STORE = _NoStore()


@attrs.define
class _Users:
    _t: _Tables

    async def get(self, user_id: UserId) -> User | None:
        return self._t.users.get(user_id)

    async def save(self, user: User) -> None:
        self._t.users[user.id] = user

    async def delete(self, user_id: UserId) -> None:
        self._t.users.pop(user_id, None)

    async def ids(self, *, active_only: bool = False) -> list[UserId]:
        return sorted(u.id for u in self._t.users.values() if u.active or not active_only)


@attrs.define
class _Conversations:
    _t: _Tables

    async def get(self, user_id: UserId, bot: str) -> Conversation | None:
        return self._t.conversations.get((user_id, bot))

    async def save(self, conversation: Conversation) -> None:
        self._t.conversations[(conversation.user_id, conversation.bot)] = conversation

    async def set_messages(self, user_id: UserId, bot: str, messages: Mapping[str, int]) -> None:
        current = self._t.conversations.get((user_id, bot))
        if current is not None:
            self._t.conversations[(user_id, bot)] = attrs.evolve(current, messages=dict(messages))

    async def delete_user(self, user_id: UserId) -> None:
        for key in [k for k in self._t.conversations if k[0] == user_id]:
            del self._t.conversations[key]

    async def for_user(self, user_id: UserId) -> list[Conversation]:
        return [c for (u, _), c in sorted(self._t.conversations.items()) if u == user_id]


@attrs.define
class _Inbox:
    _t: _Tables

    async def first_time(self, key: str) -> bool:
        if key in self._t.inbox:
            return False
        self._t.inbox.add(key)
        return True


@attrs.define
class _Runs:
    _t: _Tables

    async def get(self, run_id: str) -> QuestionnaireRun | None:
        return self._t.runs.get(run_id)

    async def save(self, run: QuestionnaireRun) -> None:
        self._t.runs[run.id] = run

    async def latest(
        self, user_id: UserId, level: str, *, questionnaire: str
    ) -> QuestionnaireRun | None:
        runs = [
            r
            for r in self._t.runs.values()
            if r.user_id == user_id and r.level == level and r.questionnaire == questionnaire
        ]
        return max(runs, key=lambda r: (r.started_at, r.id), default=None)

    async def for_user(self, user_id: UserId) -> list[QuestionnaireRun]:
        runs = [r for r in self._t.runs.values() if r.user_id == user_id]
        return sorted(runs, key=lambda r: (r.started_at, r.id))

    async def delete_user(self, user_id: UserId) -> None:
        for run_id in [k for k, r in self._t.runs.items() if r.user_id == user_id]:
            del self._t.runs[run_id]


@attrs.define
class _Entitlements:
    _t: _Tables

    async def grant(self, entitlement: Entitlement) -> bool:
        key = (entitlement.user_id, entitlement.product, entitlement.source)
        if key in self._t.entitlements:
            return False
        self._t.entitlements[key] = entitlement
        return True

    async def active(self, user_id: UserId, moment: datetime) -> list[Entitlement]:
        return [e for e in await self.all_for(user_id) if e.active_at(moment)]

    async def all_for(self, user_id: UserId) -> list[Entitlement]:
        found = [e for k, e in self._t.entitlements.items() if k[0] == user_id]
        return sorted(found, key=lambda e: (e.granted_at, e.product, e.source))

    async def delete_user(self, user_id: UserId) -> None:
        for key in [k for k in self._t.entitlements if k[0] == user_id]:
            del self._t.entitlements[key]

    async def revoke(self, user_id: UserId, product: str, source: str, at: datetime) -> bool:
        found = self._t.entitlements.get((user_id, product, source))
        if found is None:
            return False
        if found.expires_at is None or found.expires_at > at:
            self._t.entitlements[(user_id, product, source)] = attrs.evolve(found, expires_at=at)
        return True


# Payments ---------------------------------------------------------------------------------

_PAID_STATES = (OrderState.PAID, OrderState.REFUNDED)
_OPEN_STATES = (OrderState.CREATED, OrderState.AWAITING_PAYMENT)


@attrs.define
class _Orders:
    _t: _Tables

    async def add(self, order: Order) -> Order:
        if order.id in self._t.orders:
            raise Conflict(f"order {order.id!r} exists")
        numbered = attrs.evolve(order, number=len(self._t.orders) + 1)
        self._t.orders[order.id] = numbered
        return numbered

    async def get(self, order_id: str) -> Order | None:
        return self._t.orders.get(order_id)

    async def anonymise_user(self, user_id: UserId) -> None:
        for order_id, order in list(self._t.orders.items()):
            if order.user_id == user_id:
                self._t.orders[order_id] = attrs.evolve(order, user_id=ANONYMOUS_USER)

    async def by_number(self, number: int) -> Order | None:
        return next((o for o in self._t.orders.values() if o.number == number), None)

    async def save(self, order: Order) -> None:
        if order.id not in self._t.orders:
            raise Conflict(f"order {order.id!r} was never added")
        self._t.orders[order.id] = order

    async def has_paid(self, user_id: UserId) -> bool:
        return any(
            o.user_id == user_id and o.state in _PAID_STATES for o in self._t.orders.values()
        )

    async def open_due(self, now: datetime) -> list[Order]:
        due = [
            o for o in self._t.orders.values() if o.state in _OPEN_STATES and o.expires_at <= now
        ]
        return sorted(due, key=lambda o: o.number)

    async def for_user(self, user_id: UserId) -> list[Order]:
        return sorted(
            (o for o in self._t.orders.values() if o.user_id == user_id), key=lambda o: o.number
        )


@attrs.define
class _Payments:
    _t: _Tables

    async def add(self, record: PaymentRecord) -> tuple[PaymentRecord, bool]:
        stored = self._t.payments.get(record.key)
        if stored is not None:
            return stored, False
        self._t.payments[record.key] = record
        return record, True

    async def get(self, gateway: Gateway, payment_id: str) -> PaymentRecord | None:
        return self._t.payments.get(payment_key(gateway, payment_id))

    async def save(self, record: PaymentRecord) -> None:
        if record.key not in self._t.payments:
            raise Conflict(f"payment {record.key!r} was never added")
        self._t.payments[record.key] = record

    async def for_order(self, order_id: str) -> list[PaymentRecord]:
        return [r for r in self._t.payments.values() if r.order_id == order_id]

    async def anonymise_payer(self, user_id: UserId) -> None:
        for key, record in list(self._t.payments.items()):
            if record.payer_id == user_id:
                self._t.payments[key] = attrs.evolve(record, payer_id=None)


@attrs.define
class _Promos:
    _t: _Tables

    async def get(self, code: str) -> PromoCode | None:
        return self._t.promos.get(code)

    async def save(self, promo: PromoCode) -> None:
        self._t.promos[promo.code] = promo

    async def anonymise_user(self, user_id: UserId) -> None:
        for order_id, found in list(self._t.redemptions.items()):
            if found.user_id == user_id:
                self._t.redemptions[order_id] = attrs.evolve(found, user_id=ANONYMOUS_USER)

    async def reserve(
        self, promo: PromoCode, user_id: UserId, order_id: str, now: datetime, until: datetime
    ) -> Redemption:
        existing = self._t.redemptions.get(order_id)
        if existing is not None:
            return existing
        check_limits(promo, await self.uses(promo.code), user_id=user_id, now=now)
        redemption = Redemption(
            code=promo.code,
            user_id=user_id,
            order_id=order_id,
            state=RedemptionState.RESERVED,
            reserved_at=now,
            reserved_until=until,
        )
        self._t.redemptions[order_id] = redemption
        return redemption

    async def redeem(self, order_id: str, now: datetime) -> Redemption | None:
        found = self._t.redemptions.get(order_id)
        if found is None or found.state is RedemptionState.REDEEMED:
            return found
        redeemed = attrs.evolve(
            found, state=RedemptionState.REDEEMED, redeemed_at=now, late=not found.counts_at(now)
        )
        self._t.redemptions[order_id] = redeemed
        return redeemed

    async def release(self, order_id: str) -> None:
        found = self._t.redemptions.get(order_id)
        if found is not None and found.state is RedemptionState.RESERVED:
            self._t.redemptions[order_id] = attrs.evolve(found, state=RedemptionState.RELEASED)

    async def uses(self, code: str) -> list[Redemption]:
        return [r for r in self._t.redemptions.values() if r.code == code]

    async def list_codes(self) -> list[PromoCode]:
        return [self._t.promos[code] for code in sorted(self._t.promos)]


@attrs.define
class _Subscriptions:
    _t: _Tables

    async def get(self, user_id: UserId, product: str) -> Subscription | None:
        return self._t.subscriptions.get((user_id, product))

    async def save(self, subscription: Subscription) -> None:
        self._t.subscriptions[(subscription.user_id, subscription.product)] = subscription

    async def claim_trial(self, user_id: UserId, product: str, at: datetime) -> bool:
        if (user_id, product) in self._t.trials:
            return False
        self._t.trials[(user_id, product)] = at
        return True

    async def delete_user(self, user_id: UserId) -> None:
        for key in [k for k in self._t.subscriptions if k[0] == user_id]:
            del self._t.subscriptions[key]
        for key in [k for k in self._t.trials if k[0] == user_id]:
            del self._t.trials[key]
