"""The same bot on the SQL store: Tortoise unit of work, Tortoise ledger, SQL orders."""

from __future__ import annotations

from pathlib import Path

import pytest
from assistant_chat import TRIAL_MESSAGES, Chat

from entrypoints.containers import Container, resolve, unit_of_work_factory
from entrypoints.settings import Settings
from sleeplab_core.assistant import Outcome
from sleeplab_core.ledger import Ledger
from sleeplab_core.llm import ProviderUnavailable


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'bot.sqlite3'}",
        data_dir=tmp_path,
        assistant_trial_messages=TRIAL_MESSAGES,
    )


async def test_trial_failure_answer_and_top_up_survive_in_the_database(
    chat: Chat, container: Container, model: object
) -> None:
    ledger: Ledger = await resolve(container.ledger())
    await chat.start()
    model.add(ProviderUnavailable("fake", "down"))  # type: ignore[attr-defined]
    await chat.say("Is melatonin a habit?")
    await chat.press("Try again")
    await chat.command("topup")
    await chat.press("100 credits")
    await chat.pay_last_invoice()

    balance = await ledger.balance("user:1", "credits")
    assert balance.available == TRIAL_MESSAGES - 1 + 100
    async with (await unit_of_work_factory(container))() as uow:
        outcomes = [e.outcome for e in await uow.assistant.for_user(1)]
    assert outcomes == [Outcome.FAILED, Outcome.ANSWERED]
