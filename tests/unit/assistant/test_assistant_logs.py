"""The assistant at DEBUG on SQLite: a question, a model answer, a failure, a top-up — none of
the user's words, the model's answer or a configured secret appears in any log record."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from assistant_chat import TRIAL_MESSAGES, Chat
from pydantic import SecretStr

from entrypoints import log_hygiene
from entrypoints.settings import Settings
from sleeplab_core.llm import FakeChatModel, ProviderUnavailable

CANARY_QUESTION = "Zqxwv canary question: does Ivan Canarovich sleep on pills"
CANARY_ANSWER = "Canary answer Qwzxv: talk to your doctor"
CANARY_KEY = "sk-canary-openai-key-0123456789abcdef"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'bot.sqlite3'}",
        data_dir=tmp_path,
        assistant_trial_messages=TRIAL_MESSAGES,
        openai_api_key=SecretStr(CANARY_KEY),
    )


async def test_an_assistant_session_at_debug_logs_no_words_answers_or_keys(
    chat: Chat, model: FakeChatModel, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    model.add(CANARY_ANSWER, ProviderUnavailable("fake", "down"))

    with caplog.at_level(logging.DEBUG):
        log_hygiene.install(settings)  # as ``sleeplab`` does once the level is configured
        await chat.start()
        await chat.say(CANARY_QUESTION)
        await chat.say(CANARY_QUESTION + " again")
        await chat.press("Try again")
        await chat.command("topup")
        await chat.press("100 credits")
        await chat.pay_last_invoice()

    assert any(CANARY_ANSWER in screen.text for screen in chat.screens), "the model answered"
    logged = "\n".join([caplog.text, *(r.getMessage() for r in caplog.records)])
    for canary in (CANARY_QUESTION, "Zqxwv", "Canarovich", CANARY_ANSWER, "Qwzxv", CANARY_KEY):
        assert canary not in logged, f"{canary!r} leaked into the logs"
