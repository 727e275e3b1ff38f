"""The assistant driven through the same container as production, on the in-memory store,
with a scripted chat model and a clock the tests move."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from assistant_chat import TRIAL_MESSAGES, Chat
from dependency_injector import providers

from entrypoints.containers import Container, build_container, conversations_for, resolve
from entrypoints.settings import Settings
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.ledger import Ledger
from sleeplab_core.llm import FakeChatModel


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        database_url="memory://",
        data_dir=tmp_path,
        assistant_trial_messages=TRIAL_MESSAGES,
        assistant_trial_days=30,
        assistant_price_per_answer=1,
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def model() -> FakeChatModel:
    return FakeChatModel()


@pytest.fixture
async def container(
    settings: Settings, clock: FakeClock, model: FakeChatModel
) -> AsyncIterator[Container]:
    container = build_container(settings)
    container.clock.override(providers.Object(clock))
    container.chat_model.override(providers.Object(model))
    # Only this bot: the others' wiring is not what these tests are about.
    container.bots.override(providers.Dict(assistant=container.assistant_bot))
    yield container
    await resolve(container.shutdown_resources())


@pytest.fixture
async def chat(container: Container) -> Chat:
    return Chat(await conversations_for(container, "assistant"))


@pytest.fixture
async def ledger(container: Container, chat: Chat) -> Ledger:
    found: Ledger = await resolve(container.ledger())
    return found
