"""Injected faults surface as the frameworks' own exceptions; calls are counted."""

from __future__ import annotations

from datetime import timedelta

import pytest
import telegram
from aiogram import Bot
from aiogram.exceptions import (
    TelegramForbiddenError,
    TelegramRetryAfter,
    TelegramServerError,
)

from adapters.telegram_emulator import Emulator

from .conftest import USER_ID

OTHER_USER = 2002

# PTB 22 warns about RetryAfter.retry_after turning into a timedelta in its next major version.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


async def test_429_surfaces_as_aiogram_retry_after(emu: Emulator, aiogram_bot: Bot) -> None:
    emu.user(USER_ID)
    emu.inject("sendMessage", error=429, retry_after=7)

    with pytest.raises(TelegramRetryAfter) as caught:
        await aiogram_bot.send_message(USER_ID, "hi")

    assert caught.value.retry_after == 7


async def test_429_surfaces_as_ptb_retry_after(emu: Emulator, ptb_bot: telegram.Bot) -> None:
    emu.user(USER_ID)
    emu.inject("sendMessage", error=429, retry_after=3)

    with pytest.raises(telegram.error.RetryAfter) as caught:
        await ptb_bot.send_message(USER_ID, "hi")

    assert _seconds(caught.value) == 3


async def test_fault_applies_only_the_given_number_of_times(
    emu: Emulator, aiogram_bot: Bot
) -> None:
    user = emu.user(USER_ID)
    emu.inject("sendMessage", error=429, retry_after=1, times=2)

    for _ in range(2):
        with pytest.raises(TelegramRetryAfter):
            await aiogram_bot.send_message(USER_ID, "hi")
    await aiogram_bot.send_message(USER_ID, "hi")

    assert emu.calls.count("sendMessage", USER_ID) == 3
    assert emu.calls.count("sendMessage", USER_ID, ok_only=True) == 1
    assert len(user.transcript()) == 1


async def test_fault_can_target_one_chat(emu: Emulator, ptb_bot: telegram.Bot) -> None:
    emu.user(USER_ID)
    emu.user(OTHER_USER)
    emu.inject("sendMessage", error=500, chat_id=OTHER_USER)

    await ptb_bot.send_message(USER_ID, "fine")
    with pytest.raises(telegram.error.TelegramError, match="Internal Server Error"):
        await ptb_bot.send_message(OTHER_USER, "fails")

    assert emu.calls.per_chat("sendMessage") == {USER_ID: 1, OTHER_USER: 1}


async def test_500_surfaces_as_aiogram_server_error(emu: Emulator, aiogram_bot: Bot) -> None:
    emu.user(USER_ID)
    emu.inject(error=500)

    with pytest.raises(TelegramServerError):
        await aiogram_bot.send_message(USER_ID, "hi")


async def test_blocked_user_surfaces_as_aiogram_forbidden(emu: Emulator, aiogram_bot: Bot) -> None:
    user = emu.user(USER_ID)
    await user.block()

    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await aiogram_bot.send_message(USER_ID, "hi")


async def test_blocked_user_surfaces_as_ptb_forbidden(emu: Emulator, ptb_bot: telegram.Bot) -> None:
    user = emu.user(USER_ID)
    await user.block()

    with pytest.raises(telegram.error.Forbidden, match="bot was blocked by the user"):
        await ptb_bot.send_document(USER_ID, b"x", filename="x.txt")


async def test_injected_403_without_blocking(emu: Emulator, ptb_bot: telegram.Bot) -> None:
    emu.user(USER_ID)
    emu.inject("sendMessage", error=403)

    with pytest.raises(telegram.error.Forbidden):
        await ptb_bot.send_message(USER_ID, "hi")


async def test_unblocking_allows_sending_again(emu: Emulator, aiogram_bot: Bot) -> None:
    user = emu.user(USER_ID)
    await user.block()
    await user.unblock()

    await aiogram_bot.send_message(USER_ID, "welcome back")

    assert [e.text for e in user.transcript()] == ["welcome back"]


async def test_slow_answer_surfaces_as_a_client_timeout(
    emu: Emulator, ptb_bot: telegram.Bot
) -> None:
    emu.user(USER_ID)
    rule = emu.inject("sendMessage", delay=30)

    with pytest.raises(telegram.error.TimedOut):
        await ptb_bot.send_message(USER_ID, "slow", read_timeout=0.1)

    assert rule.hits == 1


async def test_slow_rule_without_error_lets_the_call_succeed(
    emu: Emulator, aiogram_bot: Bot
) -> None:
    user = emu.user(USER_ID)
    rule = emu.inject("sendMessage", delay=0.01)

    await aiogram_bot.send_message(USER_ID, "late but delivered")

    assert rule.exhausted
    assert [e.text for e in user.transcript()] == ["late but delivered"]


async def test_rate_limit_mode_answers_429_beyond_the_limit(
    emu: Emulator, ptb_bot: telegram.Bot
) -> None:
    emu.user(USER_ID)
    emu.faults.rate_limit(per_second=None, per_chat=2, retry_after=1)

    await ptb_bot.send_message(USER_ID, "1")
    await ptb_bot.send_message(USER_ID, "2")
    with pytest.raises(telegram.error.RetryAfter):
        await ptb_bot.send_message(USER_ID, "3")

    assert emu.calls.count("sendMessage", ok_only=True) == 2


async def test_faults_do_not_touch_get_updates_unless_named(
    emu: Emulator, aiogram_bot: Bot
) -> None:
    emu.inject(error=500, times=None)

    assert await aiogram_bot.get_updates(timeout=0) == []


def _seconds(error: telegram.error.RetryAfter) -> float:
    # PTB 22 gives int seconds (deprecated) or a timedelta when PTB_TIMEDELTA is set.
    retry_after = error.retry_after
    return retry_after.total_seconds() if isinstance(retry_after, timedelta) else retry_after
