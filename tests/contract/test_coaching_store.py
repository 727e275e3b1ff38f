"""The coaching repository on every backend: in memory, SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

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


@pytest.mark.postgres
class TestPostgresCoaching(CoachingContract):
    @pytest.fixture
    async def uow_factory(self, module_postgres_url: str) -> AsyncIterator[Callable[[], Any]]:
        database = await open_database(module_postgres_url, modules=(MODULE,))
        await _empty(database)
        yield TortoiseUnitOfWorkFactory(database)
        await database.close()


async def _empty(database: Database) -> None:
    with database.activate():
        await database.client.execute_script(f"TRUNCATE {COACH_TABLES}")
