"""The salon bot through the production container, on the in-memory store, with a clock the
tests move (Wednesday 3 June 2026, 10:00 in Moscow, the demo salon's zone)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from dependency_injector import providers
from salon_chat import SalonChat

from entrypoints.containers import Container, build_container, conversations_for, resolve
from entrypoints.settings import Settings
from sleeplab_core.bots.salon import BOT
from sleeplab_core.kernel.clock import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 6, 3, 7, 0, tzinfo=UTC))


@pytest.fixture
async def container(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Container]:
    container = build_container(Settings(database_url="memory://", data_dir=tmp_path))
    container.clock.override(providers.Object(clock))
    container.bots.override(providers.Object({"salon": BOT}))
    yield container
    await resolve(container.shutdown_resources())


@pytest.fixture
async def chat(container: Container) -> SalonChat:
    return SalonChat(await conversations_for(container, "salon"))


@pytest.fixture
async def other_client(container: Container) -> SalonChat:
    return SalonChat(await conversations_for(container, "salon"), user_id=2)
