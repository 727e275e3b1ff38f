"""The payments storage contract on every backend: in memory, SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from sleeplab_core.payments import PaymentsUnitOfWorkFactory
from sleeplab_core.testing.contracts.payments import PaymentsContract


class TestPaymentsStoreInMemory(PaymentsContract):
    @pytest.fixture
    def uow_factory(
        self, memory_uow_factory: PaymentsUnitOfWorkFactory
    ) -> PaymentsUnitOfWorkFactory:
        return memory_uow_factory


class TestPaymentsStoreOnTortoiseSqlite(PaymentsContract):
    @pytest.fixture
    def uow_factory(
        self, sqlite_uow_factory: PaymentsUnitOfWorkFactory
    ) -> PaymentsUnitOfWorkFactory:
        return sqlite_uow_factory


@pytest.mark.postgres
class TestPaymentsStoreOnTortoisePostgres(PaymentsContract):
    @pytest.fixture
    def uow_factory(
        self, postgres_uow_factory: PaymentsUnitOfWorkFactory
    ) -> PaymentsUnitOfWorkFactory:
        return postgres_uow_factory
