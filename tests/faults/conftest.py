"""Fault tests: real bot processes killed and restarted against the loopback emulator.

Each test gets a database of its own (a SQLite file, or a new PostgreSQL database), because
the processes under test connect to it by URL. PostgreSQL comes from
``SLEEPLAB_TEST_POSTGRES_DSN`` (default the local server); when it is unreachable its tests
skip, or fail when ``SLEEPLAB_REQUIRE_POSTGRES=1`` (as in CI).
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg  # type: ignore[import-untyped]
import pytest

from adapters.telegram_emulator import Emulator

DEFAULT_POSTGRES_DSN = "postgres://postgres@127.0.0.1:5432/test"
CONNECT_TIMEOUT_SECONDS = 5


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator() as emulator:
        yield emulator


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'bot.sqlite3'}"
        return
    yield from scratch_postgres()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    yield from scratch_postgres()


def scratch_postgres() -> Iterator[str]:
    server = os.environ.get("SLEEPLAB_TEST_POSTGRES_DSN", DEFAULT_POSTGRES_DSN)
    name = f"sleeplab_faults_{uuid.uuid4().hex[:12]}"
    try:
        asyncio.run(_execute(server, f'CREATE DATABASE "{name}"'))
    except (OSError, TimeoutError, asyncpg.PostgresError) as error:
        reason = f"PostgreSQL not reachable ({type(error).__name__}: {error})"
        if os.environ.get("SLEEPLAB_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{reason} — required because SLEEPLAB_REQUIRE_POSTGRES=1")
        pytest.skip(f"{reason}; set SLEEPLAB_TEST_POSTGRES_DSN or start it")
    try:
        yield urlsplit(server)._replace(path=f"/{name}").geturl()
    finally:
        asyncio.run(_execute(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _execute(dsn: str, statement: str) -> None:
    asyncpg_dsn = urlsplit(dsn)._replace(scheme="postgresql").geturl()
    connection = await asyncpg.connect(asyncpg_dsn, timeout=CONNECT_TIMEOUT_SECONDS)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()
