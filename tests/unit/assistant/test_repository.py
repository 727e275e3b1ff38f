"""The assistant's repository on each backend (the contract in repository_contract.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from repository_contract import AssistantRepositoryContract

from adapters.tortoise import TortoiseUnitOfWorkFactory, open_database
from sleeplab_core.storage import InMemoryStore, UnitOfWorkFactory


class TestAssistantRepositoryInMemory(AssistantRepositoryContract):
    @pytest.fixture
    def uow_factory(self) -> UnitOfWorkFactory:
        return InMemoryStore()


class TestAssistantRepositoryOnTortoiseSqlite(AssistantRepositoryContract):
    @pytest.fixture
    async def uow_factory(self, tmp_path: Path) -> AsyncIterator[UnitOfWorkFactory]:
        database = await open_database(f"sqlite:///{tmp_path / 'assistant.sqlite3'}")
        yield TortoiseUnitOfWorkFactory(database)
        await database.close()
