"""A Tortoise SQLite engine whose transactions take the write lock when they begin.

Tortoise's SQLite client already runs one transaction at a time per connection (an asyncio
lock around the single connection), which serialises units of work inside one process. Its
``BEGIN`` is deferred, though: a transaction that reads first and writes later can then fail
with "database is locked" when another *process* wrote in between, and the busy timeout does
not help there. ``BEGIN IMMEDIATE`` takes the write lock up front, so other processes wait
(up to ``busy_timeout``) instead of failing.

Opening a file is made patient too: the first connection to a new file switches it to WAL,
which needs an exclusive lock, and SQLite answers "database is locked" to a concurrent
opener's pragmas without consulting the busy handler. The opener retries for a while
instead of failing (several processes may well start at once on one fresh file).

Selected by ``engine = "adapters.tortoise.sqlite_engine"`` in the Tortoise config.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time

from tortoise.backends.base.client import NestedTransactionContext, TransactionContext
from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
)
from tortoise.exceptions import TransactionManagementError

OPEN_PATIENCE_SECONDS = 10.0
"""How long an opener retries pragmas that found the file locked by another opener."""


class ImmediateSqliteClient(SqliteClient):
    async def create_connection(self, with_db: bool) -> None:
        deadline = time.monotonic() + OPEN_PATIENCE_SECONDS
        delay = 0.005
        while True:
            try:
                await super().create_connection(with_db)
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() >= deadline:
                    raise
                await self.close()  # drops the half-configured connection
                await asyncio.sleep(delay)
                delay = min(delay * 2, 0.2)

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
