"""A Tortoise SQLite engine whose transactions take the write lock when they begin.

Tortoise's SQLite client already runs one transaction at a time per connection (an asyncio
lock around the single connection), which serialises units of work inside one process. Its
``BEGIN`` is deferred, though: a transaction that reads first and writes later can then fail
with "database is locked" when another *process* wrote in between, and the busy timeout does
not help there. ``BEGIN IMMEDIATE`` takes the write lock up front, so other processes wait
(up to ``busy_timeout``) instead of failing.

Selected by ``engine = "adapters.tortoise.sqlite_engine"`` in the Tortoise config.
"""

from __future__ import annotations

import sqlite3

from tortoise.backends.base.client import NestedTransactionContext, TransactionContext
from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
)
from tortoise.exceptions import TransactionManagementError


class ImmediateSqliteClient(SqliteClient):
    def _in_transaction(self) -> TransactionContext:
        return SqliteTransactionContext(ImmediateTransactionWrapper(self), self._lock)


class ImmediateTransactionWrapper(SqliteTransactionWrapper):
    def _in_transaction(self) -> TransactionContext:
        return NestedTransactionContext(ImmediateTransactionWrapper(self))

    async def begin(self) -> None:
        try:
            await self._connection.commit()
            await self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise TransactionManagementError(exc) from exc


client_class = ImmediateSqliteClient
