"""SleepLab driven through the same container as production, on the in-memory store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from chat_driver import Chat

from entrypoints.containers import build_container, conversations_for, resolve
from entrypoints.settings import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(database_url="memory://", data_dir=tmp_path)


@pytest.fixture
async def chat(settings: Settings) -> AsyncIterator[Chat]:
    container = build_container(settings)
    conversations = await conversations_for(container, "sleeplab")
    driver = Chat(conversations)
    driver.library = container.questionnaires()
    yield driver
    await resolve(container.shutdown_resources())
