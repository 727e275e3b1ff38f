"""Capability modules that own their tables: plain-SQL migrations and repositories.

A module's storage adapter exports a :class:`SqlModule` and registers it under the
entry-point group ``sleeplab.sql_modules`` with the name of its core ``MemoryModule``. Its
migrations are SQL files per dialect (``<migrations>/sqlite/0001_init.sql``,
``<migrations>/postgres/0001_init.sql``) so a module can use what an ORM diff cannot
express (exclusion constraints, partial unique indexes, CHECKs). They are applied in order
when a database opens, in one transaction, and recorded with a SHA-256 checksum in
``sleeplab_schema``: a committed migration that changed afterwards stops the start-up.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import attrs
from tortoise.backends.base.client import BaseDBAsyncClient

from adapters.tortoise.database import Dialect
from adapters.tortoise.errors import UnsupportedMigrationError

SQL_MODULES_GROUP = "sleeplab.sql_modules"

_SCHEMA_TABLE = {
    "sqlite": (
        "CREATE TABLE IF NOT EXISTS sleeplab_schema ("
        "module TEXT NOT NULL, version TEXT NOT NULL, checksum TEXT NOT NULL, "
        "applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (module, version))"
    ),
    "postgres": (
        "CREATE TABLE IF NOT EXISTS sleeplab_schema ("
        "module TEXT NOT NULL, version TEXT NOT NULL, checksum TEXT NOT NULL, "
        "applied_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (module, version))"
    ),
}


@attrs.frozen
class SqlModule:
    """A module's SQL storage: its migrations folder and its repository factory.

    ``repository(connection, dialect)`` builds the repository bound to one open
    transaction; it becomes ``uow.<name>`` in every Tortoise unit of work.
    """

    name: str
    migrations: Path
    repository: Callable[[Any, Dialect], Any]

    def migration_files(self, dialect: Dialect) -> list[Path]:
        folder = self.migrations / dialect
        files = [p for p in folder.glob("*.sql") if p.name.split("_", 1)[0].isdigit()]
        return sorted(files, key=lambda p: int(p.name.split("_", 1)[0]))


class MigrationChanged(UnsupportedMigrationError):
    """A migration already applied to this database has different content now."""


def sql_modules(names: Iterable[str]) -> tuple[SqlModule, ...]:
    """The registered SQL modules of ``names`` (a name with no SQL module is an error).

    Raises:
        LookupError: a module has no storage adapter registered.
    """
    wanted = sorted(set(names))
    registered = {ep.name: ep for ep in entry_points(group=SQL_MODULES_GROUP)}
    missing = [name for name in wanted if name not in registered]
    if missing:
        raise LookupError(
            f"no SQL storage registered for module(s) {', '.join(missing)} "
            f"(entry-point group {SQL_MODULES_GROUP!r})"
        )
    modules = tuple(registered[name].load() for name in wanted)
    for name, module in zip(wanted, modules, strict=True):
        if not isinstance(module, SqlModule) or module.name != name:
            raise TypeError(f"entry point {name!r} does not name SqlModule {name!r}")
    return modules


def checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


async def apply_module_migrations(
    tx: BaseDBAsyncClient, dialect: Dialect, modules: Sequence[SqlModule]
) -> list[str]:
    """Apply what each module's migrations add, inside the caller's transaction.

    Returns:
        ``module/version`` of every migration applied now.

    Raises:
        MigrationChanged: an applied migration's file no longer has its recorded checksum.
    """
    if not modules:
        return []
    await tx.execute_script(_SCHEMA_TABLE[dialect])
    rows = await tx.execute_query_dict("SELECT module, version, checksum FROM sleeplab_schema")
    applied = {(r["module"], r["version"]): r["checksum"] for r in rows}
    done: list[str] = []
    for module in modules:
        for path in module.migration_files(dialect):
            key = (module.name, path.name)
            digest = checksum(path)
            if key in applied:
                if applied[key] != digest:
                    raise MigrationChanged(
                        f"{module.name}/{path.name}",
                        "this applied migration was edited; committed migrations are "
                        "append-only — restore it and add a new one",
                    )
                continue
            await _run_script(tx, dialect, path.read_text(encoding="utf-8"))
            insert = (
                "INSERT INTO sleeplab_schema (module, version, checksum) VALUES (?, ?, ?)"
                if dialect == "sqlite"
                else "INSERT INTO sleeplab_schema (module, version, checksum) VALUES ($1, $2, $3)"
            )
            await tx.execute_query(insert, [module.name, path.name, digest])
            done.append(f"{module.name}/{path.name}")
    return done


async def _run_script(tx: BaseDBAsyncClient, dialect: Dialect, script: str) -> None:
    if dialect == "sqlite":
        from adapters.tortoise.migrations import split_sqlite_script

        for statement in split_sqlite_script(script):
            await tx.execute_query(statement)
    else:
        await tx.execute_script(script)
