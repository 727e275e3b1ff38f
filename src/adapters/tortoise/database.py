"""Opening and closing the database: URL → Tortoise context, migrations applied at open."""

from __future__ import annotations

import contextvars
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import parse_qsl, unquote, urlsplit

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.context import TortoiseContext, _current_context

from adapters.tortoise.errors import InvalidDatabaseUrlError, redact_password

if TYPE_CHECKING:
    from adapters.tortoise.modules import SqlModule

Dialect = Literal["sqlite", "postgres"]

APP_LABEL = "sleeplab"
"""The one Tortoise app holding every model (and Aerich's migration log)."""

MODEL_MODULES = ("adapters.tortoise.models", "aerich.models")

SQLITE_PRAGMAS: dict[str, str | int] = {
    "busy_timeout": 5000,  # another process holding the write lock: wait, do not fail
    "journal_mode": "WAL",  # readers never block the writer, nor the writer readers
    "foreign_keys": "ON",
    "synchronous": "FULL",  # a committed unit of work survives a power cut
}
POSTGRES_SCHEMES = ("postgres", "postgresql", "asyncpg")

# The dialect the models' class-level connection name and query templates are bound to.
_models_bound_to: list[Dialect | None] = [None]


def dialect_of(url: str) -> Dialect:
    """The SQL dialect a database URL names.

    Raises:
        InvalidDatabaseUrlError: the scheme is neither ``sqlite`` nor a PostgreSQL one.
    """
    scheme = urlsplit(url).scheme
    if scheme == "sqlite":
        return "sqlite"
    if scheme in POSTGRES_SCHEMES:
        return "postgres"
    raise InvalidDatabaseUrlError(url, "the scheme must be sqlite:// or postgres://")


def sqlite_path(url: str) -> str:
    """The file of a ``sqlite:///absolute/path`` or ``sqlite://relative/path`` URL."""
    parts = urlsplit(url)
    path = unquote(parts.netloc + parts.path)
    if not path:
        raise InvalidDatabaseUrlError(
            url, "name the database file, e.g. sqlite:///data/app.sqlite3"
        )
    return path


def connection_config(url: str) -> dict[str, Any]:
    """The Tortoise connection settings for ``url`` (SQLite: creates the file's directory)."""
    if dialect_of(url) == "postgres":
        config = expand_db_url(url)
        config["credentials"]["reset"] = reset_only_what_is_left_open
        return config
    path = sqlite_path(url)
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    pragmas: dict[str, Any] = {**SQLITE_PRAGMAS, **dict(parse_qsl(urlsplit(url).query))}
    return {
        "engine": "adapters.tortoise.sqlite_engine",
        "credentials": {"file_path": path, **pragmas},
    }


async def reset_only_what_is_left_open(connection: Any) -> None:
    """asyncpg's pool ``reset``: no round trip for a connection returned clean.

    asyncpg's default sends ``SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET
    ALL`` on every release — one round trip per acquire, half the cost of a one-statement
    job-queue call. Nothing here leaves session state behind (``SET LOCAL`` and
    ``pg_advisory_xact_lock`` end with their transaction; no cursor, no LISTEN on a pooled
    connection), so the full reset runs only when a transaction was left open.
    """
    if connection.is_in_transaction():
        await connection.reset()


def tortoise_config(url: str) -> dict[str, Any]:
    """The whole Tortoise config: one connection, one app with every model, UTC datetimes."""
    # The connection is named after the dialect because Tortoise caches generated SQL per
    # connection name, across contexts: a SQLite and a PostgreSQL database must not share it.
    connection = dialect_of(url)
    return {
        "connections": {connection: connection_config(url)},
        "apps": {APP_LABEL: {"models": list(MODEL_MODULES), "default_connection": connection}},
        "use_tz": True,
        "timezone": "UTC",
    }


class Database:
    """An open database: its Tortoise context and connection (pool) for one event loop.

    Open with :func:`open_database`, close with :meth:`close`. Units of work come from
    ``TortoiseUnitOfWorkFactory(database)``.
    """

    def __init__(
        self,
        context: TortoiseContext,
        dialect: Dialect,
        url: str,
        modules: tuple[SqlModule, ...] = (),
    ) -> None:
        self.context = context
        self.dialect: Dialect = dialect
        self.url = url
        self.modules = modules

    def __repr__(self) -> str:
        return f"Database({redact_password(self.url)!r})"

    @property
    def client(self) -> BaseDBAsyncClient:
        """The connection (SQLite) or pool (PostgreSQL) client outside any transaction."""
        return self.context.connections.get(self.dialect)

    def enter(self) -> contextvars.Token[TortoiseContext | None]:
        """Make this database the running task's Tortoise context until ``leave(token)``.

        Tortoise resolves connections through a context variable, but keeps each model's
        connection name and SQL templates on the model class: they are bound again when a
        database of the other dialect was used last (one process using both, e.g. tests).
        """
        token = _current_context.set(self.context)
        if _models_bound_to[0] != self.dialect:
            _bind_models(self.context, self.dialect)
        return token

    @contextmanager
    def activate(self) -> Iterator[None]:
        """``enter`` for the duration of a ``with`` block."""
        token = self.enter()
        try:
            yield
        finally:
            _current_context.reset(token)

    async def close(self) -> None:
        """Close the connections; the database cannot be used afterwards."""
        with self.activate():
            await self.context.close_connections()


def _bind_models(context: TortoiseContext, dialect: Dialect) -> None:
    if context.apps is None:
        return
    for model in context.apps.get_models_iterable():
        model._meta.default_connection = dialect
    context.apps._build_initial_querysets()
    _models_bound_to[0] = dialect


async def open_database(
    url: str, *, migrate: bool = True, modules: Sequence[SqlModule] = ()
) -> Database:
    """Connect to ``url`` and bring its schema up to date from the committed migrations.

    Args:
        url: ``sqlite:///path/to/file.sqlite3`` (parent directories are created) or
            ``postgres://user:password@host:port/database`` (also ``postgresql://``).
        migrate: False leaves the schema alone (tests that build it another way).
        modules: capability modules with tables of their own (their migrations are
            applied too, and their repositories join every unit of work).

    Raises:
        InvalidDatabaseUrlError: the URL names no supported database.
    """
    from adapters.tortoise.migrations import apply_migrations

    dialect = dialect_of(url)
    context = TortoiseContext()
    token = _current_context.set(context)
    try:
        await context.init(config=tortoise_config(url))
        _models_bound_to[0] = dialect
    finally:
        _current_context.reset(token)
    database = Database(context, dialect, url, tuple(modules))
    if not migrate:
        return database
    try:
        with database.activate():
            await apply_migrations(database.client, dialect, database.modules)
    except BaseException:
        await database.close()
        raise
    return database


async def database_resource(url: str, modules: Sequence[SqlModule] = ()) -> AsyncIterator[Database]:
    """``open_database`` … ``close`` as an async generator, the shape of a DI ``Resource``."""
    database = await open_database(url, modules=modules)
    try:
        yield database
    finally:
        await database.close()


DATABASE_FILE = "sleeplab.sqlite3"


def sqlite_url_in(data_dir: str | Path) -> str:
    """The default database URL: ``sleeplab.sqlite3`` in ``data_dir`` (made absolute)."""
    return f"sqlite:///{Path(data_dir).resolve() / DATABASE_FILE}"
