"""The coaching repository on every backend: in memory, SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import asyncpg  # type: ignore[import-untyped]
import pytest

from adapters.tortoise import Database, TortoiseUnitOfWorkFactory, open_database
from adapters.tortoise.coaching import MODULE
from sleeplab_core.coaching.module import COACHING
from sleeplab_core.storage import InMemoryStore
from sleeplab_core.testing.contracts.coaching import CoachingContract

COACH_TABLES = "coach_profiles, coach_goals, coach_media, coach_check_ins, coach_sessions"


class TestInMemoryCoaching(CoachingContract):
    @pytest.fixture
    def uow_factory(self) -> Callable[[], Any]:
        return InMemoryStore(modules=[COACHING])


class TestSqliteCoaching(CoachingContract):
    @pytest.fixture
    async def uow_factory(self, sqlite_url: str) -> AsyncIterator[Callable[[], Any]]:
        database = await open_database(sqlite_url, modules=(MODULE,))
        yield TortoiseUnitOfWorkFactory(database)
        await database.close()


@pytest.fixture(scope="module")
def coaching_postgres_url(postgres_server_dsn: str) -> Iterator[str]:
    """A database of this module's own: the session's shared one must keep only the base
    schema (tests compare it with the models)."""
    name = f"sleeplab_coach_{uuid.uuid4().hex[:12]}"
    asyncio.run(_server(postgres_server_dsn, f'CREATE DATABASE "{name}"'))
    try:
        yield urlsplit(postgres_server_dsn)._replace(path=f"/{name}").geturl()
    finally:
        asyncio.run(_server(postgres_server_dsn, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _server(dsn: str, statement: str) -> None:
    connection = await asyncpg.connect(urlsplit(dsn)._replace(scheme="postgresql").geturl())
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@pytest.mark.postgres
class TestPostgresCoaching(CoachingContract):
    @pytest.fixture
    async def uow_factory(self, coaching_postgres_url: str) -> AsyncIterator[Callable[[], Any]]:
        database = await open_database(coaching_postgres_url, modules=(MODULE,))
        await _empty(database)
        yield TortoiseUnitOfWorkFactory(database)
        await database.close()


async def _empty(database: Database) -> None:
    with database.activate():
        await database.client.execute_script(f"TRUNCATE {COACH_TABLES}")
