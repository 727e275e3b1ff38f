"""A minimal capability module with storage of its own, as another team would write one.

The platform contract tests run it on memory, SQLite and PostgreSQL: ``uow.notes`` must
behave the same on all three, transactions included.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs

from adapters.tortoise.database import Dialect
from adapters.tortoise.modules import SqlModule
from sleeplab_core.kernel.errors import Conflict
from sleeplab_core.kernel.modules import MemoryModule


@attrs.define
class NotesTables:
    notes: dict[str, str] = attrs.field(factory=dict)


@attrs.define
class InMemoryNotes:
    tables: NotesTables

    async def add(self, key: str, text: str) -> None:
        if key in self.tables.notes:
            raise Conflict(f"note {key!r} exists")
        self.tables.notes[key] = text

    async def get(self, key: str) -> str | None:
        return self.tables.notes.get(key)


class SqlNotes:
    def __init__(self, connection: Any, dialect: Dialect) -> None:
        self._connection = connection
        self._mark = "?" if dialect == "sqlite" else "$"
        self._dialect = dialect

    def _p(self, n: int) -> str:
        return "?" if self._dialect == "sqlite" else f"${n}"

    async def add(self, key: str, text: str) -> None:
        rows = await self._connection.execute_query_dict(
            f"INSERT INTO notes_note (key, text) VALUES ({self._p(1)}, {self._p(2)}) "
            "ON CONFLICT (key) DO NOTHING RETURNING key",
            [key, text],
        )
        if not rows:
            raise Conflict(f"note {key!r} exists")

    async def get(self, key: str) -> str | None:
        rows = await self._connection.execute_query_dict(
            f"SELECT text FROM notes_note WHERE key = {self._p(1)}", [key]
        )
        return str(rows[0]["text"]) if rows else None


NOTES_MEMORY = MemoryModule(name="notes", tables=NotesTables, repository=InMemoryNotes)
NOTES_SQL = SqlModule(name="notes", migrations=Path(__file__).parent, repository=SqlNotes)
