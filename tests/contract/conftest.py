"""Storage backends for the contract suites: in memory, Tortoise on SQLite and on PostgreSQL.

Reusable by every suite that needs a database:

- ``sqlite_url``: a fresh SQLite file per test;
- ``postgres_url``: a uniquely named PostgreSQL database created once per test session (so
  parallel runs do not collide) and dropped at its end;
- ``sqlite_database`` / ``postgres_database``: an open, migrated :class:`Database` per test,
  PostgreSQL's emptied first;
- ``memory_uow_factory`` / ``sqlite_uow_factory`` / ``postgres_uow_factory``.

PostgreSQL comes from ``SLEEPLAB_TEST_POSTGRES_DSN`` (default the local server). When it is
unreachable its tests skip, or fail when ``SLEEPLAB_REQUIRE_POSTGRES=1`` (as in CI). Tests
that use it carry ``@pytest.mark.postgres``.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg  # type: ignore[import-untyped]
import pytest

from adapters.tortoise import APP_LABEL, Database, TortoiseUnitOfWorkFactory, open_database
from adapters.tortoise.errors import redact_password
from sleeplab_core.storage import InMemoryStore, UnitOfWorkFactory

DEFAULT_POSTGRES_DSN = "postgres://postgres@127.0.0.1:5432/test"
CONNECT_TIMEOUT_SECONDS = 5


@pytest.fixture
def memory_uow_factory() -> UnitOfWorkFactory:
    return InMemoryStore()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'data' / 'sleeplab.sqlite3'}"


@pytest.fixture
async def sqlite_database(sqlite_url: str) -> AsyncIterator[Database]:
    database = await open_database(sqlite_url)
    yield database
    await database.close()


@pytest.fixture
def sqlite_uow_factory(sqlite_database: Database) -> UnitOfWorkFactory:
    return TortoiseUnitOfWorkFactory(sqlite_database)


@pytest.fixture(scope="session")
def postgres_server_dsn() -> str:
    """The server's DSN, once it answers; skips (or fails, when required) otherwise."""
    dsn = os.environ.get("SLEEPLAB_TEST_POSTGRES_DSN", DEFAULT_POSTGRES_DSN)
    try:
        asyncio.run(_ping(dsn))
    except (OSError, TimeoutError, asyncpg.PostgresError) as error:
        reason = (
            f"PostgreSQL not reachable at {redact_password(dsn)}; "
            f"set SLEEPLAB_TEST_POSTGRES_DSN or start it ({type(error).__name__}: {error})"
        )
        if os.environ.get("SLEEPLAB_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{reason} — required because SLEEPLAB_REQUIRE_POSTGRES=1")
        pytest.skip(reason)
    return dsn


@pytest.fixture(scope="session")
def postgres_url(postgres_server_dsn: str) -> Iterator[str]:
    """A database of its own for this test session, dropped afterwards."""
    name = f"sleeplab_test_{uuid.uuid4().hex[:12]}"
    asyncio.run(_create_database(postgres_server_dsn, name))
    try:
        yield _with_database(postgres_server_dsn, name)
    finally:
        asyncio.run(_drop_database(postgres_server_dsn, name))


@pytest.fixture
async def postgres_database(postgres_url: str) -> AsyncIterator[Database]:
    database = await open_database(postgres_url)
    await empty_tables(database)
    yield database
    await database.close()


@pytest.fixture
def postgres_uow_factory(postgres_database: Database) -> UnitOfWorkFactory:
    return TortoiseUnitOfWorkFactory(postgres_database)


@pytest.fixture(scope="module")
def module_postgres_url(postgres_server_dsn: str) -> Iterator[str]:
    """An empty PostgreSQL database for one test module, dropped afterwards: for a
    capability module's tables, so the session's shared database keeps exactly the base
    schema (a test compares it with the models)."""
    name = f"sleeplab_module_{uuid.uuid4().hex[:12]}"
    asyncio.run(_create_database(postgres_server_dsn, name))
    try:
        yield _with_database(postgres_server_dsn, name)
    finally:
        asyncio.run(_drop_database(postgres_server_dsn, name))


@pytest.fixture
def scratch_postgres_url(postgres_server_dsn: str) -> Iterator[str]:
    """An empty PostgreSQL database for one test (slower: prefer ``postgres_url``)."""
    name = f"sleeplab_scratch_{uuid.uuid4().hex[:12]}"
    asyncio.run(_create_database(postgres_server_dsn, name))
    try:
        yield _with_database(postgres_server_dsn, name)
    finally:
        asyncio.run(_drop_database(postgres_server_dsn, name))


async def empty_tables(database: Database) -> None:
    """Delete every row of the application's tables (not the migration log)."""
    apps = database.context.apps
    assert apps is not None
    tables = [
        model._meta.db_table
        for model in apps.apps[APP_LABEL].values()
        if model._meta.db_table != "aerich"
    ]
    quoted = ", ".join(f'"{table}"' for table in sorted(tables))
    with database.activate():
        await database.client.execute_script(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")


async def _ping(dsn: str) -> None:
    connection = await asyncpg.connect(_asyncpg_dsn(dsn), timeout=CONNECT_TIMEOUT_SECONDS)
    await connection.close()


async def _create_database(server_dsn: str, name: str) -> None:
    connection = await asyncpg.connect(_asyncpg_dsn(server_dsn), timeout=CONNECT_TIMEOUT_SECONDS)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


async def _drop_database(server_dsn: str, name: str) -> None:
    connection = await asyncpg.connect(_asyncpg_dsn(server_dsn), timeout=CONNECT_TIMEOUT_SECONDS)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


def _with_database(dsn: str, name: str) -> str:
    return urlsplit(dsn)._replace(path=f"/{name}").geturl()


def _asyncpg_dsn(dsn: str) -> str:
    # Tortoise also accepts asyncpg:// and postgres://; asyncpg itself wants postgres(ql)://.
    parts = urlsplit(dsn)
    return parts._replace(scheme="postgresql").geturl()
