"""In-memory storage: the fake of every repository port and of the unit of work.

Transactions are serialised by one lock and work on a copy of the data that replaces the
committed data on ``commit`` — the isolation a real database gives, without a database.
"""

from __future__ import annotations

import asyncio
import copy
from datetime import datetime
from types import TracebackType
from typing import Self

import attrs

from sleeplab_core.conversation.model import Conversation
from sleeplab_core.conversation.ports import ConversationRepository, Inbox
from sleeplab_core.entitlements.model import Entitlement, EntitlementRepository
from sleeplab_core.kernel.users import User, UserId, UserRepository
from sleeplab_core.sleeplab.runs import QuestionnaireRun, RunRepository


@attrs.define
class _Tables:
    users: dict[UserId, User] = attrs.field(factory=dict)
    conversations: dict[tuple[UserId, str], Conversation] = attrs.field(factory=dict)
    inbox: set[str] = attrs.field(factory=set)
    runs: dict[str, QuestionnaireRun] = attrs.field(factory=dict)
    entitlements: dict[tuple[UserId, str, str], Entitlement] = attrs.field(factory=dict)


class InMemoryStore:
    """The committed data, shared by every unit of work opened from it."""

    def __init__(self) -> None:
        self.tables = _Tables()
        self.lock = asyncio.Lock()

    def __call__(self) -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(self)


class InMemoryUnitOfWork:
    users: UserRepository
    conversations: ConversationRepository
    inbox: Inbox
    runs: RunRepository
    entitlements: EntitlementRepository

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        self._tables = _Tables()

    async def __aenter__(self) -> Self:
        await self._store.lock.acquire()
        self._tables = copy.deepcopy(self._store.tables)
        self.users = _Users(self._tables)
        self.conversations = _Conversations(self._tables)
        self.inbox = _Inbox(self._tables)
        self.runs = _Runs(self._tables)
        self.entitlements = _Entitlements(self._tables)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._store.lock.release()

    async def commit(self) -> None:
        self._store.tables = copy.deepcopy(self._tables)


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

    async def delete_user(self, user_id: UserId) -> None:
        for key in [k for k in self._t.conversations if k[0] == user_id]:
            del self._t.conversations[key]


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

    async def latest(self, user_id: UserId, level: str) -> QuestionnaireRun | None:
        runs = [r for r in self._t.runs.values() if r.user_id == user_id and r.level == level]
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
