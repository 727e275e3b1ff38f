"""One ledger transaction's SQL: placeholders, datetimes and retries per dialect.

The ledger writes its SQL once with ``?`` placeholders; PostgreSQL gets them numbered
(``$1``). Datetimes are TIMESTAMPTZ on PostgreSQL and UTC ISO text with microseconds on
SQLite (one fixed format, so text order is time order).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from tortoise.backends.base.client import BaseDBAsyncClient

from adapters.tortoise.database import Database, Dialect

T = TypeVar("T")

# PostgreSQL may abort a transaction that lost a lock race (deadlock_detected,
# serialization_failure); the whole operation is then run again from the start.
RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})
MAX_ATTEMPTS = 5


class Session:
    """Runs statements inside one open transaction of ``dialect``."""

    def __init__(self, connection: BaseDBAsyncClient, dialect: Dialect) -> None:
        self._db = connection
        self.dialect: Dialect = dialect
        # SQLite runs one transaction at a time (BEGIN IMMEDIATE), so rows need no lock.
        self.for_update = " FOR UPDATE" if dialect == "postgres" else ""

    async def rows(self, sql: str, *params: Any) -> list[dict[str, Any]]:
        """The rows a SELECT (or a statement with RETURNING) yields."""
        return await self._db.execute_query_dict(self._sql(sql), list(params))

    async def execute(self, sql: str, *params: Any) -> int:
        """Run an UPDATE or DELETE; returns the number of rows it changed."""
        changed, _ = await self._db.execute_query(self._sql(sql), list(params))
        return changed

    def time(self, moment: datetime | None) -> Any:
        """``moment`` as a statement parameter."""
        if moment is None:
            return None
        utc = moment.astimezone(UTC)
        return utc if self.dialect == "postgres" else utc.isoformat(timespec="microseconds")

    @staticmethod
    def read_time(value: Any) -> datetime:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
        return moment.astimezone(UTC)

    @staticmethod
    def read_optional_time(value: Any) -> datetime | None:
        return None if value is None else Session.read_time(value)

    def _sql(self, sql: str) -> str:
        return _numbered(sql) if self.dialect == "postgres" else sql


@functools.lru_cache(maxsize=256)
def _numbered(sql: str) -> str:
    counter = iter(range(1, sql.count("?") + 1))
    return re.sub(r"\?", lambda _: f"${next(counter)}", sql)


async def in_transaction(database: Database, work: Callable[[Session], Awaitable[T]]) -> T:
    """Run ``work`` in one transaction of ``database``; commit on return, roll back on error.

    A PostgreSQL deadlock or serialization failure rolls back and runs ``work`` again (it
    must therefore have no effect outside the transaction).
    """
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            with database.activate():
                async with database.client._in_transaction() as connection:
                    return await work(Session(connection, database.dialect))
        except Exception as error:  # asyncpg's own errors pass through Tortoise untranslated
            if attempt == MAX_ATTEMPTS or not retryable(error):
                raise
    raise AssertionError("unreachable: the last attempt returns or raises")


def retryable(error: BaseException) -> bool:
    """Whether ``error`` (or what caused it) is a deadlock or serialization failure."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if getattr(current, "sqlstate", None) in RETRYABLE_SQLSTATES:
            return True
        pending += [current.__cause__, current.__context__]
        pending += [arg for arg in current.args if isinstance(arg, BaseException)]
    return False
