"""Statements inside one open transaction: placeholders and values per dialect."""

from __future__ import annotations

import functools
import re
from datetime import UTC, date, datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from adapters.tortoise.database import Dialect

# Unique (SQLite cells) and exclusion (PostgreSQL) violations: an overlapping booking.
_OVERLAP_SQLSTATES = frozenset({"23P01", "23505"})


class Statements:
    """Runs ``?``-placeholder SQL on ``connection`` (numbered for PostgreSQL)."""

    def __init__(self, connection: BaseDBAsyncClient, dialect: Dialect) -> None:
        self._db = connection
        self.dialect: Dialect = dialect

    async def rows(self, sql: str, *params: Any) -> list[dict[str, Any]]:
        return await self._db.execute_query_dict(self._sql(sql), list(params))

    async def execute(self, sql: str, *params: Any) -> int:
        changed, _ = await self._db.execute_query(self._sql(sql), list(params))
        return int(changed)

    async def plain(self, sql: str) -> None:
        """A statement without parameters (SAVEPOINT and friends)."""
        # SQLite's executescript would commit first; one plain statement keeps the transaction.
        if self.dialect == "sqlite":
            await self._db.execute_query(sql)
        else:
            await self._db.execute_script(sql)

    def time(self, moment: datetime | None) -> Any:
        if moment is None:
            return None
        utc = moment.astimezone(UTC)
        return utc if self.dialect == "postgres" else utc.isoformat(timespec="microseconds")

    def day(self, value: date) -> Any:
        return value if self.dialect == "postgres" else value.isoformat()

    def placeholders(self, count: int) -> str:
        return ", ".join("?" * count)

    def _sql(self, sql: str) -> str:
        return _numbered(sql) if self.dialect == "postgres" else sql


def read_time(value: Any) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment.astimezone(UTC)


def read_day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


@functools.lru_cache(maxsize=256)
def _numbered(sql: str) -> str:
    counter = iter(range(1, sql.count("?") + 1))
    return re.sub(r"\?", lambda _: f"${next(counter)}", sql)


def is_overlap(error: BaseException) -> bool:
    """Whether ``error`` (or what it wraps) is the store refusing an overlapping booking."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if getattr(current, "sqlstate", None) in _OVERLAP_SQLSTATES:
            return True
        if "UNIQUE constraint failed: booking_cells" in str(current):
            return True
        pending += [current.__cause__, current.__context__]
        pending += [arg for arg in current.args if isinstance(arg, BaseException)]
    return False
