"""The rewards contract on memory, SQLite and PostgreSQL (through the platform's stores)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from urllib.parse import urlsplit

import asyncpg  # type: ignore[import-untyped]
import pytest
from rewards_contract import RewardsContract

from adapters.tortoise import Database, TortoiseUnitOfWorkFactory, open_database
from adapters.tortoise.ledger import TortoiseLedger
from adapters.tortoise.rewards import MODULE
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.ledger import InMemoryLedger
from sleeplab_core.rewards import MEMORY_MODULE
from sleeplab_core.storage import InMemoryStore


class TestInMemoryRewards(RewardsContract):
    @pytest.fixture
    def rewards_uow(self) -> InMemoryStore:
        return InMemoryStore(modules=[MEMORY_MODULE])

    @pytest.fixture
    def rewards_ledger(self, clock: FakeClock) -> InMemoryLedger:
        return InMemoryLedger(clock)


class TestSqliteRewards(RewardsContract):
    @pytest.fixture
    async def database(self, sqlite_url: str) -> AsyncIterator[Database]:
        database = await open_database(sqlite_url, modules=[MODULE])
        yield database
        await database.close()

    @pytest.fixture
    def rewards_uow(self, database: Database) -> TortoiseUnitOfWorkFactory:
        return TortoiseUnitOfWorkFactory(database)

    @pytest.fixture
    def rewards_ledger(self, database: Database, clock: FakeClock) -> TortoiseLedger:
        return TortoiseLedger(database, clock)


@pytest.fixture(scope="session")
def rewards_postgres_url(postgres_server_dsn: str) -> Iterator[str]:
    """A database of the rewards suite's own: the session's shared one keeps only the
    models' schema (tests compare it with what the models describe)."""
    server = urlsplit(postgres_server_dsn)._replace(scheme="postgresql").geturl()
    name = f"sleeplab_rewards_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin(server, f'CREATE DATABASE "{name}"'))
    try:
        yield urlsplit(postgres_server_dsn)._replace(path=f"/{name}").geturl()
    finally:
        asyncio.run(_admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _admin(dsn: str, statement: str) -> None:
    connection = await asyncpg.connect(dsn, timeout=5)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@pytest.mark.postgres
class TestPostgresRewards(TestSqliteRewards):
    @pytest.fixture
    async def database(self, rewards_postgres_url: str) -> AsyncIterator[Database]:
        database = await open_database(rewards_postgres_url, modules=[MODULE])
        with database.activate():
            found = await database.client.execute_query_dict(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                " AND tablename NOT IN ('aerich', 'sleeplab_schema')"
            )
            tables = ", ".join(f'"{row["tablename"]}"' for row in found)
            await database.client.execute_script(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        yield database
        await database.close()
