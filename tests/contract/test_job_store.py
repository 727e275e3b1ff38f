"""The job store contract on every backend (the SQL stores join when they exist)."""

import pytest
from job_store_contract import JobStoreContract

from sleeplab_core.jobs import InMemoryJobQueue, JobQueue
from sleeplab_core.storage import InMemoryStore, UnitOfWorkFactory


class TestJobStoreInMemory(JobStoreContract):
    @pytest.fixture
    def uow_factory(self) -> UnitOfWorkFactory:
        return InMemoryStore()

    @pytest.fixture
    def queue(self, uow_factory: InMemoryStore) -> JobQueue:
        return InMemoryJobQueue(uow_factory)
