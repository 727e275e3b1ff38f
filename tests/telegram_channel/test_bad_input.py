"""Odd input never crashes a bot or loses progress: a clear reply or a silent ignore."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.telegram_emulator import Emulator
from sleeplab_core.conversation import LabeledPrice, SendInvoice
from sleeplab_core.documents.fakes import InMemoryDocumentStore
from telegram_channel.channels import channel_for
from telegram_channel.harness import BotProcess, bot_process, bot_settings, shown

USER = 1001


@pytest.fixture(params=["aiogram", "ptb"])
def framework(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def bot(emu: Emulator, tmp_path: Path, framework: str) -> AsyncIterator[BotProcess]:
    async with bot_process(emu, bot_settings(emu, tmp_path), framework, "polling") as process:
        yield process


async def at_first_question(emu: Emulator, bot: BotProcess) -> None:
    user = emu.user(USER, "Ann", language_code="en")
    await user.send_command("/start")
    await bot.wait_handled(1)
    for label in ("English", "I agree", "Start level L0"):
        await user.press(label)
        await bot.wait_handled(bot.handled + 1)


async def test_a_sticker_where_text_is_expected_gets_a_clear_reply_and_progress_stays(
    emu: Emulator, bot: BotProcess
) -> None:
    await at_first_question(emu, bot)
    user = emu.user(USER)
    handled = bot.handled

    await user.send_sticker()
    await user.send_voice()
    await bot.wait_handled(handled + 2)

    texts = [text for text, _ in shown(emu, USER)]
    assert "I can't use a sticker here" in texts[-4]
    assert "I can't use a voice here" in texts[-2]
    assert sum("How old are you" in text for text in texts[-4:]) == 2, "asked again"
    await user.send_text("35")
    await bot.wait_handled(handled + 3)
    assert "What is your sex?" in shown(emu, USER)[-1][0]


async def test_an_edited_message_gets_a_clear_reply(emu: Emulator, bot: BotProcess) -> None:
    await at_first_question(emu, bot)
    user = emu.user(USER)
    await user.send_text("3")  # out of range: the question is asked again
    await bot.wait_handled(bot.handled + 1)
    handled = bot.handled

    await user.edit_last_text("35")
    await bot.wait_handled(handled + 1)

    assert shown(emu, USER)[-1][0] == "I can only read text and button presses here."


async def test_group_messages_are_ignored(emu: Emulator, bot: BotProcess) -> None:
    ann = emu.user(USER, "Ann", language_code="en")
    group = emu.group(-100500, "Sleep club", supergroup=True)

    await group.send_command(ann, "/start")
    await group.send_text(ann, "hello")
    await emu.wait_for_idle()

    assert emu.calls.count("sendMessage") == 0
    assert bot.handled == 0


async def test_a_forged_button_is_answered_as_stale_without_touching_progress(
    emu: Emulator, bot: BotProcess
) -> None:
    await at_first_question(emu, bot)
    screen_id = emu.user(USER).transcript()[-1].message_id
    handled = bot.handled
    forged = {
        "update_id": 90_001,
        "callback_query": {
            "id": "forged-1",
            "from": {"id": USER, "is_bot": False, "first_name": "Ann", "language_code": "en"},
            "chat_instance": "1",
            "data": "a:not_a_question:999",
            "message": {
                "message_id": screen_id,
                "date": 1_760_000_000,
                "chat": {"id": USER, "type": "private", "first_name": "Ann"},
                "text": "How old are you?",
            },
        },
    }

    await bot.runtime.accept(forged)
    await bot.wait_handled(handled + 1)

    texts = [text for text, _ in shown(emu, USER)]
    assert texts[-2].startswith("That button belongs to an earlier message")
    assert "How old are you" in texts[-1], "still on the same question"


async def test_the_command_menu_is_set_per_language(emu: Emulator, bot: BotProcess) -> None:
    menus = {
        call.params.get("language_code"): call.params["commands"]
        for call in emu.calls.of("setMyCommands")
    }

    assert set(menus) == {None, "en", "ru"}
    assert all("privacy" in str(commands) for commands in menus.values())
    assert menus["ru"] != menus["en"], "descriptions are translated"


async def test_a_pre_checkout_query_is_always_answered_in_time(
    emu: Emulator, bot: BotProcess, framework: str
) -> None:
    user = emu.user(USER, "Ann", language_code="en")
    await user.send_command("/start")
    await bot.wait_handled(1)
    invoice = SendInvoice(
        title="Level L1",
        description="In-depth assessment",
        payload="not-an-order",
        currency="XTR",
        prices=(LabeledPrice(label="L1", amount=250),),
    )
    async with channel_for(framework, emu, USER, InMemoryDocumentStore()) as channel:
        await channel.perform(USER, [invoice], {})

    result = await user.pay(timeout=5)

    assert result is not None
    answers = [e for e in emu.history() if e.kind == "pre_checkout_answer"]
    assert len(answers) == 1
