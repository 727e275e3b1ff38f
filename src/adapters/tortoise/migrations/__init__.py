"""Committed Aerich migrations, one folder per SQL dialect, applied when a database opens.

Aerich writes the SQL of a migration for one dialect (SQLite and PostgreSQL DDL differ), so
``sqlite/sleeplab/`` and ``postgres/sleeplab/`` hold the same history twice. Create both with
``python -m adapters.tortoise.migrations new <name>`` after changing the models (see
docs/storage.md); ``python -m adapters.tortoise.migrations check`` lists changes the models
have that no migration holds yet.

The startup runner here applies the files Aerich wrote and records them in Aerich's own
``aerich`` table, so the ``aerich`` command line sees the same history.
"""

from __future__ import annotations

import pkgutil
import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aerich import Command
from aerich.migrate import Migrate
from aerich.models import Aerich
from aerich.utils import decompress_dict, get_models_describe, import_py_module
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.context import TortoiseContext, _current_context

from adapters.tortoise.database import APP_LABEL, Dialect, tortoise_config
from adapters.tortoise.errors import UnsupportedMigrationError
from adapters.tortoise.modules import SqlModule, apply_module_migrations

MIGRATIONS_ROOT = Path(__file__).parent
DIALECTS: tuple[Dialect, ...] = ("sqlite", "postgres")

# Never connected to: the dialect is all that offline generation and checks need.
OFFLINE_URLS: dict[Dialect, str] = {
    "sqlite": "sqlite://:memory:",
    "postgres": "postgres://offline@localhost:5432/offline",
}
# Serialises concurrent starts on PostgreSQL (any constant; "sleeplab" in ASCII).
POSTGRES_MIGRATION_LOCK = 0x736C6565706C6162


def location(dialect: Dialect) -> Path:
    """The folder Aerich is pointed at for ``dialect`` (it adds the app label)."""
    return MIGRATIONS_ROOT / dialect


def migration_dir(dialect: Dialect) -> Path:
    """The folder holding the migration files of ``dialect``."""
    return location(dialect) / APP_LABEL


def version_modules(dialect: Dialect) -> list[pkgutil.ModuleInfo]:
    """The migration files of ``dialect`` in the order they apply (Aerich's numbering)."""

    def number(module: pkgutil.ModuleInfo) -> int:
        return int(module.name.split("_", 1)[0])

    found = [
        m
        for m in pkgutil.iter_modules([str(migration_dir(dialect))])
        if m.name.split("_", 1)[0].isdigit()
    ]
    return sorted(found, key=number)


async def apply_migrations(
    client: BaseDBAsyncClient, dialect: Dialect, modules: Sequence[SqlModule] = ()
) -> list[str]:
    """Apply the committed migrations the database lacks, all in one transaction.

    The base schema's Aerich migrations come first, then each capability module's own
    SQL migrations (see :mod:`adapters.tortoise.modules`).

    Safe to call on every start and from several processes at once: PostgreSQL takes an
    advisory lock, SQLite's ``BEGIN IMMEDIATE`` the write lock, before looking at what is
    applied. The caller must have activated the database's Tortoise context.

    Returns:
        The versions applied now (empty when the schema was current).

    Raises:
        UnsupportedMigrationError: a migration asks to run outside a transaction.
    """
    applied_now: list[str] = []
    async with client._in_transaction() as tx:
        if dialect == "postgres":
            await tx.execute_query(f"SELECT pg_advisory_xact_lock({POSTGRES_MIGRATION_LOCK})")
        applied = await _applied_versions(tx, dialect)
        for module_info in version_modules(dialect):
            version = f"{module_info.name}.py"
            if version in applied:
                continue
            await _apply(tx, dialect, version, import_py_module(module_info))
            applied_now.append(version)
        applied_now += await apply_module_migrations(tx, dialect, modules)
    return applied_now


async def _applied_versions(tx: BaseDBAsyncClient, dialect: Dialect) -> set[str]:
    if dialect == "sqlite":
        probe = "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'aerich'"
    else:
        probe = "SELECT relname AS name FROM pg_class WHERE oid = to_regclass('aerich')"
    if not await tx.execute_query_dict(probe):
        return set()
    versions = await Aerich.filter(app=APP_LABEL).using_db(tx).values_list("version", flat=True)
    return {str(v) for v in versions}


async def _apply(tx: BaseDBAsyncClient, dialect: Dialect, version: str, module: Any) -> None:
    if not getattr(module, "RUN_IN_TRANSACTION", True):
        raise UnsupportedMigrationError(
            version, "RUN_IN_TRANSACTION = False is not supported; apply it with aerich upgrade"
        )
    script: str = await module.upgrade(tx)
    if dialect == "sqlite":
        # sqlite3's executescript commits the open transaction first; run statement by statement.
        for statement in split_sqlite_script(script):
            await tx.execute_query(statement)
    else:
        await tx.execute_script(script)
    state = decompress_dict(module.MODELS_STATE)
    await Aerich.create(version=version, app=APP_LABEL, content=state, using_db=tx)


def split_sqlite_script(script: str) -> list[str]:
    """The statements of an SQLite script, split where SQLite itself ends one.

    A semicolon inside a string or a comment does not end a statement; parts made only of
    comments are dropped.
    """
    statements: list[str] = []
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    statements.append(pending[:-1].strip())  # the split added one semicolon too many
    return [s for s in statements if _has_sql(s)]


def _has_sql(text: str) -> bool:
    without_comments = re.sub(r"--[^\n]*|/\*.*?\*/", "", text, flags=re.DOTALL)
    return bool(without_comments.replace(";", "").strip())


async def pending_changes(dialect: Dialect) -> list[str]:
    """The SQL a new migration of ``dialect`` would hold: empty when the models match.

    Compares the models with the state recorded in the last committed migration, the way
    ``aerich migrate`` does, without a database and without writing a file.
    """
    async with _offline_context(dialect) as config:
        await Migrate.init(config, APP_LABEL, str(location(dialect)), offline=True)
        last = Migrate._last_version_content
        new = get_models_describe(APP_LABEL)
        if last is None:
            return ["-- no migration committed yet"]
        last, new = Migrate._exclude_model_name_changes(last, new)
        Migrate.diff_models(last, new, no_input=True)
        Migrate.diff_models(new, last, False, no_input=True)
        Migrate._merge_operators()
        return list(Migrate.upgrade_operators)


async def make_migration(dialect: Dialect, name: str) -> str | None:
    """Write the next migration file of ``dialect`` from the model changes.

    The first call writes the initial migration (the whole schema). Returns the new file's
    name, or None when the models have no change to migrate.
    """
    async with _offline_context(dialect) as config:
        command = Command(config, app=APP_LABEL, location=str(location(dialect)))
        if not version_modules(dialect):
            await command.init_migrations(safe=True)
            written: str | None = version_modules(dialect)[-1].name + ".py"
        else:
            await command.init(offline=True)
            written = await command.migrate(name, no_input=True, offline=True) or None
    if written:
        _mark_generated(migration_dir(dialect) / written)
    return written


GENERATED_HEADER = (
    "# Written by `python -m adapters.tortoise.migrations new`: the SQL is Aerich's, for one\n"
    "# dialect. Committed migrations are history; change the models and write a new one.\n"
    "# ruff: noqa: E501\n"
)


def _mark_generated(path: Path) -> None:
    path.write_text(GENERATED_HEADER + path.read_text(encoding="utf-8"), encoding="utf-8")


class _offline_context:  # noqa: N801 - used as a context manager, reads like a function
    """A Tortoise context for ``dialect`` that never connects, with Aerich's state reset."""

    def __init__(self, dialect: Dialect) -> None:
        self.config = tortoise_config(OFFLINE_URLS[dialect])
        self.context = TortoiseContext()

    async def __aenter__(self) -> dict[str, Any]:
        self.token = _current_context.set(self.context)
        _reset_aerich_state()
        await self.context.init(config=self.config)
        return self.config

    async def __aexit__(self, *exc_info: object) -> None:
        try:
            await self.context.close_connections()
        finally:
            _reset_aerich_state()
            _current_context.reset(self.token)


def _reset_aerich_state() -> None:
    # Aerich keeps what it diffed in class attributes; a second diff in one process must not
    # see the first one's operators.
    Migrate.upgrade_operators = []
    Migrate.downgrade_operators = []
    Migrate._upgrade_fk_m2m_index_operators = []
    Migrate._downgrade_fk_m2m_index_operators = []
    Migrate._upgrade_m2m = []
    Migrate._downgrade_m2m = []
    Migrate._rename_fields = {}
    Migrate._rename_models = {}
    Migrate._last_version_content = None
