"""The rewards contract on memory, SQLite and PostgreSQL (through the platform's stores)."""

from __future__ import annotations

from collections.abc import AsyncIterator

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


@pytest.mark.postgres
class TestPostgresRewards(TestSqliteRewards):
    @pytest.fixture
    async def database(self, module_postgres_url: str) -> AsyncIterator[Database]:
        database = await open_database(module_postgres_url, modules=[MODULE])
        with database.activate():
            found = await database.client.execute_query_dict(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                " AND tablename NOT IN ('aerich', 'sleeplab_schema')"
            )
            tables = ", ".join(f'"{row["tablename"]}"' for row in found)
            await database.client.execute_script(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        yield database
        await database.close()
