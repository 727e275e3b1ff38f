"""getUpdates long polling: waiting, offsets, limits, allowed_updates and conflicts."""

from __future__ import annotations

import asyncio

import pytest
import telegram
from aiogram import Bot
from aiogram.exceptions import TelegramConflictError

from adapters.telegram_emulator import Emulator

from .conftest import USER_ID


async def test_long_poll_returns_an_update_sent_while_waiting(
    emu: Emulator, aiogram_bot: Bot
) -> None:
    user = emu.user(USER_ID, "Ann")
    poll = asyncio.create_task(aiogram_bot.get_updates(timeout=5))
    await emu.calls_started("getUpdates")

    await user.send_text("hello")
    [update] = await poll

    assert update.update_id == 1
    assert update.message is not None
    assert update.message.text == "hello"
    assert update.message.from_user is not None
    assert update.message.from_user.first_name == "Ann"


async def test_long_poll_without_updates_returns_empty_after_timeout(
    emu: Emulator, ptb_bot: telegram.Bot
) -> None:
    assert await ptb_bot.get_updates(timeout=0) == ()


async def test_offset_confirms_earlier_updates(emu: Emulator, ptb_bot: telegram.Bot) -> None:
    user = emu.user(USER_ID)
    for text in ("one", "two", "three"):
        await user.send_text(text)
    first = await ptb_bot.get_updates(timeout=0)

    again = await ptb_bot.get_updates(offset=first[1].update_id + 1, timeout=0)

    assert [u.update_id for u in first] == [1, 2, 3]
    assert [u.message.text for u in again if u.message] == ["three"]
    assert [u["update_id"] for u in emu.pending_updates] == [3]


async def test_update_ids_keep_increasing_after_confirmation(
    emu: Emulator, aiogram_bot: Bot
) -> None:
    user = emu.user(USER_ID)
    await user.send_text("a")
    [first] = await aiogram_bot.get_updates(timeout=0)
    await user.send_text("b")

    [second] = await aiogram_bot.get_updates(offset=first.update_id + 1, timeout=0)

    assert second.update_id == first.update_id + 1


async def test_limit_caps_the_batch(emu: Emulator, aiogram_bot: Bot) -> None:
    user = emu.user(USER_ID)
    for text in ("one", "two", "three"):
        await user.send_text(text)

    updates = await aiogram_bot.get_updates(limit=2, timeout=0)

    assert [u.update_id for u in updates] == [1, 2]


async def test_negative_offset_keeps_only_the_latest(emu: Emulator, aiogram_bot: Bot) -> None:
    user = emu.user(USER_ID)
    for text in ("one", "two", "three"):
        await user.send_text(text)

    updates = await aiogram_bot.get_updates(offset=-1, timeout=0)

    assert [u.message.text for u in updates if u.message] == ["three"]


async def test_allowed_updates_filters_later_updates(emu: Emulator, aiogram_bot: Bot) -> None:
    user = emu.user(USER_ID)
    await aiogram_bot.get_updates(allowed_updates=["callback_query"], timeout=0)

    await user.send_text("ignored")
    await user.block()

    assert await aiogram_bot.get_updates(timeout=0) == []


async def test_a_second_poller_terminates_the_first_with_409(
    emu: Emulator, aiogram_bot: Bot, ptb_bot: telegram.Bot
) -> None:
    first = asyncio.create_task(aiogram_bot.get_updates(timeout=5))
    await emu.calls_started("getUpdates")

    await ptb_bot.get_updates(timeout=0)

    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates"):
        await first
