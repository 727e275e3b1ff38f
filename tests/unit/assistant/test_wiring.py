"""The composition root builds the chat model from settings: offline by default, no keys."""

from __future__ import annotations

import pytest

from adapters.llm_offline import OfflineChatModel
from entrypoints.containers import build_chat_model
from entrypoints.settings import Settings
from sleeplab_core.llm import ChatRequest, ResilientChatModel


async def test_the_default_is_the_offline_assistant_without_any_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("OPENAI_API_KEY", "OPENAI_API_KEYS", "ANTHROPIC_API_KEY", "ANTHROPIC_API_KEYS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("SLEEPLAB_LLM_PROVIDERS", raising=False)

    model = build_chat_model(Settings(database_url="memory://"))
    answer = await model.complete(ChatRequest(system="be kind", message="naps?"))

    assert isinstance(model, ResilientChatModel)
    assert answer.provider == OfflineChatModel().provider


def test_keys_come_from_the_vendors_variables_and_stay_secret(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SLEEPLAB_LLM_PROVIDERS", "openai,anthropic,offline")
    monkeypatch.setenv("OPENAI_API_KEYS", "sk-one, sk-two")
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-three")

    settings = Settings(database_url="memory://")
    model = build_chat_model(settings)

    assert model.provider == "openai"  # the first in the failover order
    assert "sk-one" not in repr(settings)
    assert "sk-ant-three" not in str(settings)


def test_a_provider_without_keys_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLEEPLAB_LLM_PROVIDERS", "anthropic,offline")
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("ANTHROPIC_API_KEYS", raising=False)

    model = build_chat_model(Settings(database_url="memory://"))

    assert model.provider == "offline"
