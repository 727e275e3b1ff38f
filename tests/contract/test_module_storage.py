"""A module that owns its storage behaves the same on memory, SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from notes_module import NOTES_MEMORY, NOTES_SQL, SqlNotes

from adapters.tortoise import TortoiseUnitOfWorkFactory, open_database
from adapters.tortoise.modules import MigrationChanged, SqlModule
from sleeplab_core.kernel.errors import Conflict
from sleeplab_core.storage import InMemoryStore


class ModuleStorageContract:
    """Every backend passes this with a ``factory`` fixture whose units of work carry
    ``uow.notes``."""

    async def test_a_committed_write_is_seen_by_the_next_unit_of_work(self, factory: Any) -> None:
        async with factory() as uow:
            await uow.notes.add("a", "first")
            await uow.commit()
        async with factory() as uow:
            assert await uow.notes.get("a") == "first"

    async def test_a_write_without_commit_is_discarded(self, factory: Any) -> None:
        async with factory() as uow:
            await uow.notes.add("b", "never committed")
        async with factory() as uow:
            assert await uow.notes.get("b") is None

    async def test_an_exception_rolls_back_the_module_with_the_rest(self, factory: Any) -> None:
        with pytest.raises(RuntimeError):
            await _write_then_fail(factory)
        async with factory() as uow:
            assert await uow.notes.get("c") is None

    async def test_uniqueness_is_kept_by_the_store(self, factory: Any) -> None:
        async with factory() as uow:
            await uow.notes.add("d", "one")
            await uow.commit()
        async with factory() as uow:
            with pytest.raises(Conflict):
                await uow.notes.add("d", "two")

    async def test_module_and_base_repositories_share_one_transaction(self, factory: Any) -> None:
        async with factory() as uow:
            await uow.notes.add("e", "with the inbox")
            assert await uow.inbox.first_time("module-storage-e")
        async with factory() as uow:
            assert await uow.notes.get("e") is None
            assert await uow.inbox.first_time("module-storage-e")


async def _write_then_fail(factory: Any) -> None:
    async with factory() as uow:
        await uow.notes.add("c", "rolled back")
        raise RuntimeError("the use case failed")


class TestInMemory(ModuleStorageContract):
    @pytest.fixture
    def factory(self) -> Any:
        return InMemoryStore(modules=[NOTES_MEMORY])


class TestSqlite(ModuleStorageContract):
    @pytest.fixture
    async def factory(self, sqlite_url: str) -> AsyncIterator[Any]:
        database = await open_database(sqlite_url, modules=[NOTES_SQL])
        yield TortoiseUnitOfWorkFactory(database)
        await database.close()


@pytest.mark.postgres
class TestPostgres(ModuleStorageContract):
    @pytest.fixture
    async def factory(self, scratch_postgres_url: str) -> AsyncIterator[Any]:
        database = await open_database(scratch_postgres_url, modules=[NOTES_SQL])
        yield TortoiseUnitOfWorkFactory(database)
        await database.close()


async def test_reopening_applies_nothing_twice_and_a_database_without_the_module_lacks_it(
    sqlite_url: str,
) -> None:
    plain = await open_database(sqlite_url)
    with plain.activate():
        tables = await plain.client.execute_query_dict(
            "SELECT name FROM sqlite_master WHERE name = 'notes_note'"
        )
    await plain.close()
    assert tables == []
    for _ in range(2):
        database = await open_database(sqlite_url, modules=[NOTES_SQL])
        with database.activate():
            rows = await database.client.execute_query_dict(
                "SELECT module, version FROM sleeplab_schema"
            )
        await database.close()
        assert rows == [{"module": "notes", "version": "0001_init.sql"}]


async def test_an_edited_applied_migration_stops_the_start(sqlite_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    shutil.copytree(NOTES_SQL.migrations, folder, ignore=shutil.ignore_patterns("*.py"))
    module = SqlModule(name="notes", migrations=folder, repository=SqlNotes)
    database = await open_database(sqlite_url, modules=[module])
    await database.close()
    script = folder / "sqlite" / "0001_init.sql"
    script.write_text(script.read_text() + "\n-- edited after it was applied\n")
    with pytest.raises(MigrationChanged, match="append-only"):
        await open_database(sqlite_url, modules=[module])
