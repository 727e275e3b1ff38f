"""The coach driven through the production container on the in-memory store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from coach_chat import CoachChat
from dependency_injector import providers

from entrypoints.containers import Container, build_container, conversations_for, resolve
from entrypoints.settings import Settings
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.llm import FakeChatModel


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 28, 9, 0, tzinfo=UTC))


@pytest.fixture
def model() -> FakeChatModel:
    return FakeChatModel(provider="offline")


@pytest.fixture
async def container(
    tmp_path: Path, clock: FakeClock, model: FakeChatModel
) -> AsyncIterator[Container]:
    container = build_container(
        Settings(database_url="memory://", data_dir=tmp_path / "data", bots="coach")
    )
    container.clock.override(providers.Object(clock))
    container.chat_model.override(providers.Object(model))
    yield container
    await resolve(container.shutdown_resources())


@pytest.fixture
async def chat(container: Container, tmp_path: Path, clock: FakeClock) -> CoachChat:
    return CoachChat(await conversations_for(container, "coach"), tmp_path, clock=clock)
