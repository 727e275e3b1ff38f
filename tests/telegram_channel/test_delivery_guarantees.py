"""A running bot under faults: nothing lost, nothing twice, blocked users left alone."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from adapters.telegram_emulator import Emulator
from entrypoints.containers import build_container, resolve, unit_of_work_factory
from entrypoints.settings import Settings
from sleeplab_core.conversation import Screen, SendScreen
from telegram_channel.harness import bot_process, bot_settings, shown
from telegram_channel.journey import (
    USER_ID,
    TelegramDriver,
    TerminalDriver,
    play,
    terminal_settings,
)

FIRST_STEPS = (
    ("start", None),
    ("press", "English"),
    ("press", "I agree"),
    ("press", "Start level L0"),
    ("say", "35"),
    ("option", 1),
)
SHOWING = ("sendMessage", "editMessageText")


async def user_is_active(settings: Settings, user_id: int) -> bool | None:
    container = build_container(settings)
    try:
        async with (await unit_of_work_factory(container))() as uow:
            user = await uow.users.get(user_id)
            return None if user is None else user.active
    finally:
        await resolve(container.shutdown_resources())


@pytest.fixture
async def expected(tmp_path: Path) -> list[tuple[str, tuple[str, ...]]]:
    (tmp_path / "terminal").mkdir()
    return await play(TerminalDriver(terminal_settings(tmp_path / "terminal")), FIRST_STEPS)


@pytest.mark.parametrize(
    ("framework", "mode"),
    [("aiogram", "polling"), ("aiogram", "webhook"), ("ptb", "polling"), ("ptb", "webhook")],
)
async def test_with_429s_500s_and_slow_answers_no_message_is_lost_or_sent_twice(
    framework: str,
    mode: str,
    emu: Emulator,
    tmp_path: Path,
    expected: list[tuple[str, tuple[str, ...]]],
) -> None:
    for method in SHOWING:
        emu.inject(method, error=429, retry_after=1, times=1, chat_id=USER_ID)
        emu.inject(method, error=500, times=2, chat_id=USER_ID)
        emu.inject(method, delay=0.3, times=1, chat_id=USER_ID)
    driver = TelegramDriver(emu, bot_settings(emu, tmp_path), framework, mode)

    transcript = await play(driver, FIRST_STEPS)

    assert transcript == expected, "every screen shown once, in order"
    sent = emu.calls.count("sendMessage", USER_ID, ok_only=True)
    assert len(emu.user(USER_ID).transcript()) == sent
    failed = [c for c in emu.calls.of(chat_id=USER_ID) if c.status in (429, 500)]
    assert len(failed) == 6, "every injected fault was met and retried"


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_a_429_for_one_user_does_not_hold_up_another(
    framework: str, emu: Emulator, tmp_path: Path
) -> None:
    ann, bob = emu.user(1001, "Ann"), emu.user(1002, "Bob")
    emu.inject("sendMessage", error=429, retry_after=2, times=1, chat_id=ann.id)
    async with bot_process(emu, bot_settings(emu, tmp_path), framework, "polling") as bot:
        await ann.send_command("/start")
        await bot.wait_handled(0)
        await bob.send_command("/start")
        await bot.wait_handled(2)

    ann_sent = emu.calls.of("sendMessage", ann.id)
    bob_sent = emu.calls.of("sendMessage", bob.id)
    assert [c.status for c in ann_sent] == [429, 200]
    assert bob_sent[0].at < ann_sent[-1].at, "Bob was answered while Ann waited"


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_a_403_while_sending_marks_the_user_inactive(
    framework: str, emu: Emulator, tmp_path: Path
) -> None:
    settings = bot_settings(emu, tmp_path)
    user = emu.user(USER_ID, "Ann", language_code="en")
    async with bot_process(emu, settings, framework, "polling") as bot:
        await user.send_command("/start")
        await bot.wait_handled(1)
        emu.inject("sendMessage", error=403, chat_id=USER_ID)
        await user.send_text("hello")
        await bot.wait_handled(2)

    assert await user_is_active(settings, USER_ID) is False


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_blocking_the_bot_marks_the_user_inactive_and_nothing_is_sent(
    framework: str, emu: Emulator, tmp_path: Path
) -> None:
    settings = bot_settings(emu, tmp_path)
    user = emu.user(USER_ID, "Ann", language_code="en")
    async with bot_process(emu, settings, framework, "polling") as bot:
        await user.send_command("/start")
        await bot.wait_handled(1)
        calls_before = len(emu.calls.of(chat_id=USER_ID))
        await user.block()
        await bot.wait_handled(2)

    assert await user_is_active(settings, USER_ID) is False
    assert len(emu.calls.of(chat_id=USER_ID)) == calls_before


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_one_users_quick_messages_are_answered_in_order(
    framework: str, emu: Emulator, tmp_path: Path
) -> None:
    user = emu.user(USER_ID, "Ann", language_code="en")
    async with bot_process(emu, bot_settings(emu, tmp_path), framework, "polling") as bot:
        await user.send_command("/start")
        await user.send_command("/language")
        await user.send_command("/privacy")
        await bot.wait_handled(3)

    texts = [text for text, _ in shown(emu, USER_ID)]
    assert texts[0].startswith("Hello! I'm SleepLab")
    assert texts[-1].startswith("Your data.")
    assert any("language" in text.lower() for text in texts[1:-1])


async def test_a_re_sent_update_is_processed_once(emu: Emulator, tmp_path: Path) -> None:
    emu.user(USER_ID, "Ann", language_code="en")
    update = {
        "update_id": 777,
        "message": {
            "message_id": 1,
            "date": 1_760_000_000,
            "chat": {"id": USER_ID, "type": "private", "first_name": "Ann"},
            "from": {"id": USER_ID, "is_bot": False, "first_name": "Ann", "language_code": "en"},
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }
    async with bot_process(emu, bot_settings(emu, tmp_path), "aiogram", "webhook") as bot:
        runtime = bot.runtime
        stored = [await runtime.accept(update), await runtime.accept(update)]
        await bot.wait_handled(1)
        await asyncio.sleep(0)

    assert stored == [True, False], "stored once"

    assert emu.calls.count("sendMessage", USER_ID) == 1


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_the_push_channel_reaches_a_user_outside_an_update(
    framework: str, emu: Emulator, tmp_path: Path
) -> None:
    emu.user(USER_ID, "Ann", language_code="en")
    notice = SendScreen(screen=Screen.of("Your payment arrived."), tag="notice")
    async with bot_process(emu, bot_settings(emu, tmp_path), framework, "polling") as bot:
        receipts = await bot.runtime.push_channel.perform(USER_ID, [notice], {})  # type: ignore[attr-defined]

    (message,) = emu.user(USER_ID).transcript()
    assert message.text == "Your payment arrived."
    assert [r.message_id for r in receipts] == [message.message_id]
