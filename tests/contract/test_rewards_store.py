"""The rewards contract on memory, SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from rewards_contract import RewardsContract

from adapters.tortoise import Database
from adapters.tortoise.ledger import TortoiseLedger
from adapters.tortoise.rewards.unit_of_work import (
    SqlRewardsUnitOfWorkFactory,
    create_rewards_tables,
)
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.ledger import InMemoryLedger
from sleeplab_core.rewards import InMemoryRewardsDatabase


class TestInMemoryRewards(RewardsContract):
    @pytest.fixture
    def rewards_uow(self) -> InMemoryRewardsDatabase:
        return InMemoryRewardsDatabase()

    @pytest.fixture
    def rewards_ledger(self, clock: FakeClock) -> InMemoryLedger:
        return InMemoryLedger(clock)


class TestSqliteRewards(RewardsContract):
    @pytest.fixture
    async def rewards_uow(self, sqlite_database: Database) -> SqlRewardsUnitOfWorkFactory:
        await create_rewards_tables(sqlite_database)
        return SqlRewardsUnitOfWorkFactory(sqlite_database)

    @pytest.fixture
    def rewards_ledger(self, sqlite_database: Database, clock: FakeClock) -> TortoiseLedger:
        return TortoiseLedger(sqlite_database, clock)


@pytest.mark.postgres
class TestPostgresRewards(RewardsContract):
    @pytest.fixture
    async def rewards_uow(self, postgres_database: Database) -> SqlRewardsUnitOfWorkFactory:
        await create_rewards_tables(postgres_database, replace=True)
        return SqlRewardsUnitOfWorkFactory(postgres_database)

    @pytest.fixture
    def rewards_ledger(self, postgres_database: Database, clock: FakeClock) -> TortoiseLedger:
        return TortoiseLedger(postgres_database, clock)
