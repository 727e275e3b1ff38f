"""The job store contract on every backend: in memory, Tortoise on SQLite and PostgreSQL."""

import pytest
from hypothesis import HealthCheck, settings

from adapters.tortoise import Database
from adapters.tortoise.job_queue import TortoiseJobQueue
from sleeplab_core.jobs import InMemoryJobQueue, JobQueue
from sleeplab_core.storage import InMemoryStore, UnitOfWorkFactory
from sleeplab_core.testing.contracts.job_store import JobStoreContract

# Every step of the state machine is a few transactions on a real database: fewer examples.
SQL_STATE_MACHINE = settings(
    max_examples=15,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


class TestJobStoreInMemory(JobStoreContract):
    @pytest.fixture
    def uow_factory(self) -> UnitOfWorkFactory:
        return InMemoryStore()

    @pytest.fixture
    def queue(self, uow_factory: InMemoryStore) -> JobQueue:
        return InMemoryJobQueue(uow_factory)


class TestJobStoreOnTortoiseSqlite(JobStoreContract):
    state_machine_settings = SQL_STATE_MACHINE

    @pytest.fixture
    def uow_factory(self, sqlite_uow_factory: UnitOfWorkFactory) -> UnitOfWorkFactory:
        return sqlite_uow_factory

    @pytest.fixture
    def queue(self, sqlite_database: Database) -> JobQueue:
        return TortoiseJobQueue(sqlite_database)


@pytest.mark.postgres
class TestJobStoreOnTortoisePostgres(JobStoreContract):
    state_machine_settings = SQL_STATE_MACHINE

    @pytest.fixture
    def uow_factory(self, postgres_uow_factory: UnitOfWorkFactory) -> UnitOfWorkFactory:
        return postgres_uow_factory

    @pytest.fixture
    def queue(self, postgres_database: Database) -> JobQueue:
        return TortoiseJobQueue(postgres_database)
