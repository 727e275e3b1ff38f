"""Databases created by earlier schemas upgrade to head and then keep every storage promise.

``tests/fixtures/databases/sleeplab-<commit>.sqlite3`` were made by running each commit's
own code (``build.sh`` there). Each is copied, opened (which applies the migrations it
lacks), checked to still hold what its commit stored, emptied through the privacy erasure
(itself a test of the upgraded schema; the scrubbed job rows it keeps are then dropped), and
then given to the storage, payments, jobs and
ledger contract suites in place of a fresh database.

Two of those commits applied migrations that were later rewritten in place, so their
databases lack what the rewritten files create (the ledger's ``granted`` column, the jobs'
unique index behind ``ON CONFLICT``): migration 6 repairs them.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, settings

from adapters.tortoise import Database, TortoiseUnitOfWorkFactory, open_database
from adapters.tortoise.job_queue import TortoiseJobQueue
from adapters.tortoise.ledger import TortoiseLedger
from sleeplab_core.jobs import JobQueue
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.ledger import Ledger
from sleeplab_core.privacy import erase_user
from sleeplab_core.storage import UnitOfWorkFactory
from sleeplab_core.testing.contracts.job_store import JobStoreContract
from sleeplab_core.testing.contracts.ledger import LedgerContract
from sleeplab_core.testing.contracts.payments import PaymentsContract
from sleeplab_core.testing.contracts.storage import StorageContract

FIXTURES = Path(__file__).parent.parent / "fixtures" / "databases"
EARLIER_SCHEMAS = sorted(path.name for path in FIXTURES.glob("sleeplab-*.sqlite3"))
FIXTURE_USER = 1001
POOL_SIZE = 20
# The state machines already run in full on fresh databases; here a few examples per schema.
FEW_EXAMPLES = settings(
    max_examples=5,
    stateful_step_count=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@pytest.fixture(params=EARLIER_SCHEMAS)
async def sqlite_database(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[Database]:
    """An earlier commit's database, upgraded to head and emptied of its fixture user."""
    copy = tmp_path / "data" / "sleeplab.sqlite3"
    copy.parent.mkdir()
    shutil.copy(FIXTURES / request.param, copy)
    database = await open_database(f"sqlite:///{copy}")
    factory = TortoiseUnitOfWorkFactory(database)
    async with factory() as uow:
        assert await uow.users.get(FIXTURE_USER) is not None, "the old data reads back"
        assert len(await uow.runs.for_user(FIXTURE_USER)) == 1
        await erase_user(uow, FIXTURE_USER, now=FakeClock().now())
        await uow.commit()
    await database.close()
    with sqlite3.connect(copy) as db:
        db.execute("DELETE FROM jobs")  # erasure keeps scrubbed rows; the suites start empty
    database = await open_database(f"sqlite:///{copy}")
    yield database
    await database.close()


def test_there_is_a_fixture_for_each_earlier_schema() -> None:
    commits = {name.removeprefix("sleeplab-").removesuffix(".sqlite3") for name in EARLIER_SCHEMAS}
    assert {"3e4b22f", "91b0330"} <= commits


class TestStorageAfterUpgrade(StorageContract):
    @pytest.fixture
    def uow_factory(self, sqlite_uow_factory: UnitOfWorkFactory) -> UnitOfWorkFactory:
        return sqlite_uow_factory


class TestPaymentsAfterUpgrade(PaymentsContract):
    @pytest.fixture
    def uow_factory(self, sqlite_uow_factory: UnitOfWorkFactory) -> UnitOfWorkFactory:
        return sqlite_uow_factory


class TestJobStoreAfterUpgrade(JobStoreContract):
    state_machine_settings = FEW_EXAMPLES

    @pytest.fixture
    def uow_factory(self, sqlite_uow_factory: UnitOfWorkFactory) -> UnitOfWorkFactory:
        return sqlite_uow_factory

    @pytest.fixture
    def queue(self, sqlite_database: Database) -> JobQueue:
        return TortoiseJobQueue(sqlite_database)


class TestLedgerAfterUpgrade(LedgerContract):
    state_machine_settings = FEW_EXAMPLES

    @pytest.fixture
    async def ledger(self, clock: FakeClock, sqlite_database: Database) -> Ledger:
        return TortoiseLedger(sqlite_database, clock)

    @pytest.fixture
    def unit_of_work(self, sqlite_database: Database) -> TortoiseUnitOfWorkFactory:
        return TortoiseUnitOfWorkFactory(sqlite_database)


# --- PostgreSQL: schema dumps of the same commits (pg_dump --inserts, made the same way) ---

POSTGRES_DUMPS = sorted(path.name for path in FIXTURES.glob("postgres-*.sql"))


@pytest.fixture(scope="module", params=POSTGRES_DUMPS)
def upgraded_postgres_url(
    request: pytest.FixtureRequest, postgres_server_dsn: str
) -> Iterator[str]:
    """An earlier commit's PostgreSQL schema restored into a database of its own and
    upgraded to head, once per dump (each test then starts from emptied tables)."""
    name = f"sleeplab_upgrade_{uuid.uuid4().hex[:12]}"
    asyncio.run(_create_database(postgres_server_dsn, name))
    url = _with_database(postgres_server_dsn, name)
    try:
        asyncio.run(_restore_and_upgrade(url, FIXTURES / request.param))
        yield url
    finally:
        asyncio.run(_drop_database(postgres_server_dsn, name))


def _with_database(dsn: str, name: str) -> str:
    return urlsplit(dsn)._replace(path=f"/{name}").geturl()


def _asyncpg_dsn(dsn: str) -> str:
    return urlsplit(dsn)._replace(scheme="postgresql").geturl()


async def _server(dsn: str, statement: str) -> None:
    connection = await asyncpg.connect(_asyncpg_dsn(dsn))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def _create_database(dsn: str, name: str) -> None:
    await _server(dsn, f'CREATE DATABASE "{name}"')


async def _drop_database(dsn: str, name: str) -> None:
    await _server(dsn, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _empty_tables(database: Database) -> None:
    connection = await asyncpg.connect(_asyncpg_dsn(database.url))
    try:
        tables = await connection.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            " AND tablename NOT IN ('aerich', 'sleeplab_schema')"
        )
        names = ", ".join(f'"{row["tablename"]}"' for row in tables)
        await connection.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    finally:
        await connection.close()


async def _restore_and_upgrade(url: str, dump: Path) -> None:
    lines = dump.read_text(encoding="utf-8").splitlines()
    script = "\n".join(line for line in lines if not line.startswith("\\"))
    connection = await asyncpg.connect(_asyncpg_dsn(url))
    try:
        await connection.execute(script)
    finally:
        await connection.close()
    database = await open_database(url)
    await database.close()


@pytest.fixture
async def postgres_database(upgraded_postgres_url: str) -> AsyncIterator[Database]:
    database = await open_database(upgraded_postgres_url)
    await _empty_tables(database)
    yield database
    await database.close()


def test_there_is_a_postgres_dump_for_each_earlier_schema() -> None:
    assert {"postgres-3e4b22f.sql", "postgres-91b0330.sql"} <= set(POSTGRES_DUMPS)


@pytest.mark.postgres
class TestStorageAfterUpgradeOnPostgres(StorageContract):
    @pytest.fixture
    def uow_factory(self, postgres_uow_factory: UnitOfWorkFactory) -> UnitOfWorkFactory:
        return postgres_uow_factory


@pytest.mark.postgres
class TestJobStoreAfterUpgradeOnPostgres(JobStoreContract):
    state_machine_settings = FEW_EXAMPLES

    @pytest.fixture
    def uow_factory(self, postgres_uow_factory: UnitOfWorkFactory) -> UnitOfWorkFactory:
        return postgres_uow_factory

    @pytest.fixture
    def queue(self, postgres_database: Database) -> JobQueue:
        return TortoiseJobQueue(postgres_database)


@pytest.mark.postgres
class TestLedgerAfterUpgradeOnPostgres(LedgerContract):
    state_machine_settings = FEW_EXAMPLES

    @pytest.fixture
    async def pooled(
        self, postgres_database: Database, upgraded_postgres_url: str
    ) -> AsyncIterator[Database]:
        # A pool big enough for truly parallel tasks, as the ledger's own PostgreSQL suite.
        pooled = await open_database(f"{upgraded_postgres_url}?maxsize={POOL_SIZE}")
        yield pooled
        await pooled.close()

    @pytest.fixture
    async def ledger(self, clock: FakeClock, pooled: Database) -> Ledger:
        return TortoiseLedger(pooled, clock)

    @pytest.fixture
    def unit_of_work(self, pooled: Database) -> TortoiseUnitOfWorkFactory:
        return TortoiseUnitOfWorkFactory(pooled)
