"""The storage contract on every backend, and the committed migrations against the models."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from adapters.tortoise import (
    Database,
    Dialect,
    InvalidDatabaseUrlError,
    TortoiseUnitOfWorkFactory,
    dialect_of,
    open_database,
    sqlite_url_in,
)
from adapters.tortoise.migrations import (
    apply_migrations,
    pending_changes,
    split_sqlite_script,
    version_modules,
)
from sleeplab_core.conversation.model import Conversation
from sleeplab_core.storage import UnitOfWorkFactory
from sleeplab_core.testing.contracts.storage import T0, StorageContract


class TestStorageInMemory(StorageContract):
    @pytest.fixture
    def uow_factory(self, memory_uow_factory: UnitOfWorkFactory) -> UnitOfWorkFactory:
        return memory_uow_factory


class TestStorageOnTortoiseSqlite(StorageContract):
    @pytest.fixture
    def uow_factory(self, sqlite_uow_factory: UnitOfWorkFactory) -> UnitOfWorkFactory:
        return sqlite_uow_factory


@pytest.mark.postgres
class TestStorageOnTortoisePostgres(StorageContract):
    @pytest.fixture
    def uow_factory(self, postgres_uow_factory: UnitOfWorkFactory) -> UnitOfWorkFactory:
        return postgres_uow_factory


# --- migrations ------------------------------------------------------------------------------


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
async def test_the_committed_migrations_hold_every_change_of_the_models(dialect: Dialect) -> None:
    # Fails after a model change until `python -m adapters.tortoise.migrations new <name>`
    # has written the migrations (docs/storage.md).
    assert await pending_changes(dialect) == []


async def test_migrating_sqlite_builds_the_schema_the_models_describe(tmp_path: Path) -> None:
    migrated = await open_database(f"sqlite:///{tmp_path / 'migrated.sqlite3'}")
    generated = await open_database(f"sqlite:///{tmp_path / 'generated.sqlite3'}", migrate=False)

    assert await _schema(migrated, generated=False) == await _schema(generated, generated=True)


@pytest.mark.postgres
async def test_migrating_postgres_builds_the_schema_the_models_describe(
    postgres_url: str, scratch_postgres_url: str
) -> None:
    migrated = await open_database(postgres_url)
    generated = await open_database(scratch_postgres_url, migrate=False)

    assert await _schema(migrated, generated=False) == await _schema(generated, generated=True)


async def test_opening_again_applies_nothing_and_keeps_the_data(sqlite_url: str) -> None:
    async with _opened(sqlite_url) as database, TortoiseUnitOfWorkFactory(database)() as uow:
        await uow.inbox.first_time("update:1")
        await uow.commit()

    async with _opened(sqlite_url) as database:
        with database.activate():
            applied_again = await apply_migrations(database.client, database.dialect)
        async with TortoiseUnitOfWorkFactory(database)() as uow:
            kept = not await uow.inbox.first_time("update:1")

    assert applied_again == []
    assert kept


async def test_opening_creates_the_sqlite_files_directory(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "data" / "sleeplab.sqlite3"

    async with _opened(f"sqlite:///{path}"):
        pass

    assert path.is_file()


async def test_two_connections_to_one_sqlite_file_lose_no_update(sqlite_url: str) -> None:
    # Two databases on one file stand in for two processes: only SQLite's own locking
    # (BEGIN IMMEDIATE, busy timeout) keeps their read-modify-write units apart.
    async with _opened(sqlite_url) as first, _opened(sqlite_url) as second:
        factories = [TortoiseUnitOfWorkFactory(first), TortoiseUnitOfWorkFactory(second)]
        async with factories[0]() as uow:
            await uow.conversations.save(_counter(0))
            await uow.commit()

        async def increment(factory: TortoiseUnitOfWorkFactory) -> None:
            async with factory() as uow:
                current = await uow.conversations.get(1, "sleeplab")
                assert current is not None
                await asyncio.sleep(0)
                await uow.conversations.save(_counter(int(current.data["count"]) + 1))
                await uow.commit()

        await asyncio.gather(*(increment(factories[i % 2]) for i in range(20)))

        async with factories[1]() as uow:
            final = await uow.conversations.get(1, "sleeplab")
    assert final == _counter(20)


async def test_concurrent_first_opens_of_a_sqlite_file_migrate_it_once(sqlite_url: str) -> None:
    databases = await asyncio.gather(*(open_database(sqlite_url) for _ in range(3)))
    try:
        with databases[0].activate():
            versions = await databases[0].client.execute_query_dict("SELECT version FROM aerich")
    finally:
        for database in databases:
            await database.close()

    assert len(versions) == len(version_modules("sqlite"))


@pytest.mark.postgres
async def test_concurrent_first_opens_of_a_postgres_database_migrate_it_once(
    scratch_postgres_url: str,
) -> None:
    databases = await asyncio.gather(*(open_database(scratch_postgres_url) for _ in range(3)))
    try:
        with databases[0].activate():
            versions = await databases[0].client.execute_query_dict("SELECT version FROM aerich")
    finally:
        for database in databases:
            await database.close()

    assert len(versions) == len(version_modules("postgres"))


@pytest.mark.postgres
async def test_sqlite_and_postgres_databases_work_side_by_side(
    sqlite_database: Database, postgres_database: Database
) -> None:
    for round_number in range(3):
        for database in (sqlite_database, postgres_database):
            async with TortoiseUnitOfWorkFactory(database)() as uow:
                await uow.conversations.save(_counter(round_number))
                await uow.commit()

    for database in (sqlite_database, postgres_database):
        async with TortoiseUnitOfWorkFactory(database)() as uow:
            assert await uow.conversations.get(1, "sleeplab") == _counter(2)


def _counter(count: int) -> Conversation:
    return Conversation(
        user_id=1, bot="sleeplab", flow="count", updated_at=T0, data={"count": count}
    )


def test_sqlite_scripts_split_where_sqlite_ends_a_statement() -> None:
    script = """
        CREATE TABLE "a" ("x" INT) /* a comment; with a semicolon */;
        INSERT INTO "a" VALUES (1); CREATE INDEX "i" ON "a" ("x");
        -- trailing comment
    """

    statements = split_sqlite_script(script)

    assert [s.split()[0] for s in statements] == ["CREATE", "INSERT", "CREATE"]
    assert "with a semicolon" in statements[0]


@asynccontextmanager
async def _opened(url: str) -> AsyncIterator[Database]:
    database = await open_database(url)
    try:
        yield database
    finally:
        await database.close()


async def _schema(database: Database, *, generated: bool) -> dict[str, Any]:
    """Tables, columns, indexes and constraints as the database reports them; closes it."""
    try:
        with database.activate():
            if generated:
                await database.context.generate_schemas(safe=False)
            if database.dialect == "sqlite":
                return await _sqlite_schema(database)
            return await _postgres_schema(database)
    finally:
        await database.close()


async def _sqlite_schema(database: Database) -> dict[str, Any]:
    client = database.client
    tables = await client.execute_query_dict(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    schema: dict[str, Any] = {}
    for name in sorted(t["name"] for t in tables):
        indexes = await client.execute_query_dict(f'PRAGMA index_list("{name}")')
        schema[name] = {
            "columns": await client.execute_query_dict(f'PRAGMA table_xinfo("{name}")'),
            "indexes": sorted([await _sqlite_index(database, index) for index in indexes]),
            "foreign_keys": await client.execute_query_dict(f'PRAGMA foreign_key_list("{name}")'),
        }
    return schema


async def _sqlite_index(database: Database, index: dict[str, Any]) -> tuple[Any, ...]:
    columns = await database.client.execute_query_dict(f'PRAGMA index_info("{index["name"]}")')
    return (index["name"], index["unique"], index["origin"], tuple(c["name"] for c in columns))


async def _postgres_schema(database: Database) -> dict[str, Any]:
    client = database.client
    columns = await client.execute_query_dict(
        "SELECT table_name, column_name, data_type, character_maximum_length, is_nullable,"
        " column_default FROM information_schema.columns WHERE table_schema = current_schema()"
        " ORDER BY table_name, column_name"
    )
    indexes = await client.execute_query_dict(
        "SELECT tablename, indexname, indexdef FROM pg_indexes"
        " WHERE schemaname = current_schema() ORDER BY tablename, indexname"
    )
    constraints = await client.execute_query_dict(
        "SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS def"
        " FROM pg_constraint WHERE connamespace = current_schema()::regnamespace"
        " ORDER BY 1, 2"
    )
    return {"columns": columns, "indexes": indexes, "constraints": constraints}


# --- database URLs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "dialect"),
    [
        ("sqlite:///var/lib/sleeplab/db.sqlite3", "sqlite"),
        ("postgres://bot@db:5432/sleeplab", "postgres"),
        ("postgresql://bot@db/sleeplab", "postgres"),
        ("asyncpg://bot@db/sleeplab", "postgres"),
    ],
)
def test_the_url_scheme_names_the_dialect(url: str, dialect: Dialect) -> None:
    assert dialect_of(url) == dialect


async def test_an_unsupported_url_is_refused_without_showing_its_password() -> None:
    with pytest.raises(InvalidDatabaseUrlError) as raised:
        await open_database("mysql://bot:hunter2@db/sleeplab")

    assert "hunter2" not in str(raised.value)
    assert "sqlite://" in str(raised.value)


def test_the_default_database_is_a_file_in_the_data_directory(tmp_path: Path) -> None:
    url = sqlite_url_in(tmp_path / "data")

    assert url == f"sqlite:///{tmp_path.resolve() / 'data' / 'sleeplab.sqlite3'}"
