"""Opening and closing the database: URL → Tortoise context, migrations applied at open."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qsl, unquote, urlsplit

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.context import TortoiseContext, _current_context

from adapters.tortoise.errors import DatabaseUrlInvalid

Dialect = Literal["sqlite", "postgres"]

APP_LABEL = "sleeplab"
"""The one Tortoise app holding every model (and Aerich's migration log)."""

MODEL_MODULES = ("adapters.tortoise.models", "aerich.models")
CONNECTION = "default"

SQLITE_PRAGMAS: dict[str, str | int] = {
    "journal_mode": "WAL",  # readers never block the writer, nor the writer readers
    "busy_timeout": 5000,  # another process holding the write lock: wait, do not fail
    "foreign_keys": "ON",
    "synchronous": "FULL",  # a committed unit of work survives a power cut
}
POSTGRES_SCHEMES = ("postgres", "postgresql", "asyncpg")

# The database the models' class-level query templates were last built for (see activate).
_last_built: list[TortoiseContext | None] = [None]


def dialect_of(url: str) -> Dialect:
    """The SQL dialect a database URL names.

    Raises:
        DatabaseUrlInvalid: the scheme is neither ``sqlite`` nor a PostgreSQL one.
    """
    scheme = urlsplit(url).scheme
    if scheme == "sqlite":
        return "sqlite"
    if scheme in POSTGRES_SCHEMES:
        return "postgres"
    raise DatabaseUrlInvalid(url, "the scheme must be sqlite:// or postgres://")


def sqlite_path(url: str) -> str:
    """The file of a ``sqlite:///absolute/path`` or ``sqlite://relative/path`` URL."""
    parts = urlsplit(url)
    path = unquote(parts.netloc + parts.path)
    if not path:
        raise DatabaseUrlInvalid(url, "name the database file, e.g. sqlite:///data/app.sqlite3")
    return path


def connection_config(url: str) -> dict[str, Any]:
    """The Tortoise connection settings for ``url`` (SQLite: creates the file's directory)."""
    if dialect_of(url) == "postgres":
        return expand_db_url(url)
    path = sqlite_path(url)
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    pragmas: dict[str, Any] = {**SQLITE_PRAGMAS, **dict(parse_qsl(urlsplit(url).query))}
    return {"engine": "adapters.tortoise.sqlite_engine", "credentials": {"file_path": path, **pragmas}}


def tortoise_config(url: str) -> dict[str, Any]:
    """The whole Tortoise config: one connection, one app with every model, UTC datetimes."""
    return {
        "connections": {CONNECTION: connection_config(url)},
        "apps": {APP_LABEL: {"models": list(MODEL_MODULES), "default_connection": CONNECTION}},
        "use_tz": True,
        "timezone": "UTC",
    }


class Database:
    """An open database: its Tortoise context and connection (pool) for one event loop.

    Open with :func:`open_database`, close with :meth:`close`. Units of work come from
    ``TortoiseUnitOfWorkFactory(database)``.
    """

    def __init__(self, context: TortoiseContext, dialect: Dialect, url: str) -> None:
        self.context = context
        self.dialect: Dialect = dialect
        self.url = url

    @property
    def client(self) -> BaseDBAsyncClient:
        """The connection (SQLite) or pool (PostgreSQL) client outside any transaction."""
        return self.context.connections.get(CONNECTION)

    @contextmanager
    def activate(self) -> Iterator[None]:
        """Make this database the current Tortoise context for the running task.

        Tortoise resolves connections through a context variable and keeps query templates
        on the model classes, so a task must activate the database before using the models;
        the templates are rebuilt when another database (e.g. the other dialect) built them
        last.
        """
        token = _current_context.set(self.context)
        try:
            if _last_built[0] is not self.context and self.context.apps is not None:
                self.context.apps._build_initial_querysets()
                _last_built[0] = self.context
            yield
        finally:
            _current_context.reset(token)

    async def close(self) -> None:
        """Close the connections; the database cannot be used afterwards."""
        with self.activate():
            await self.context.close_connections()
        if _last_built[0] is self.context:
            _last_built[0] = None


async def open_database(url: str) -> Database:
    """Connect to ``url`` and bring its schema up to date from the committed migrations.

    Args:
        url: ``sqlite:///path/to/file.sqlite3`` (parent directories are created) or
            ``postgres://user:password@host:port/database`` (also ``postgresql://``).

    Raises:
        DatabaseUrlInvalid: the URL names no supported database.
    """
    from adapters.tortoise.migrations import apply_migrations

    dialect = dialect_of(url)
    context = TortoiseContext()
    token = _current_context.set(context)
    try:
        await context.init(config=tortoise_config(url))
        _last_built[0] = context
    finally:
        _current_context.reset(token)
    database = Database(context, dialect, url)
    try:
        with database.activate():
            await apply_migrations(database.client, dialect)
    except BaseException:
        await database.close()
        raise
    return database
