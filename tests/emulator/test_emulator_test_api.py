"""The Python test API's own guarantees: idleness, bug reporting, call records."""

from __future__ import annotations

import aiohttp
import pytest
from aiogram import Bot

from adapters.telegram_emulator import Emulator, EmulatorBugError
from adapters.telegram_emulator.methods.registry import METHODS, Method
from adapters.telegram_emulator.params import Params
from adapters.telegram_emulator.world import World

from .conftest import USER_ID


async def test_wait_for_idle_times_out_while_an_update_is_untaken(emu: Emulator) -> None:
    await emu.user(USER_ID).send_text("nobody polls")

    with pytest.raises(TimeoutError, match="1 pending update"):
        await emu.wait_for_idle(timeout=0.05)


async def test_wait_for_idle_returns_once_updates_are_confirmed(
    emu: Emulator, aiogram_bot: Bot
) -> None:
    await emu.user(USER_ID).send_text("hi")
    [update] = await aiogram_bot.get_updates(timeout=0)
    await aiogram_bot.get_updates(offset=update.update_id + 1, timeout=0)

    await emu.wait_for_idle(timeout=1)

    assert emu.pending_updates == []


async def test_an_emulator_bug_answers_500_and_fails_the_test_on_exit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def broken(world: World, params: Params) -> None:
        raise ZeroDivisionError

    monkeypatch.setitem(METHODS, "getme", Method("getMe", broken))
    emulator = Emulator()
    await emulator.__aenter__()
    status = await _post_status(f"{emulator.api_url}/getMe")

    with pytest.raises(EmulatorBugError, match="ZeroDivisionError"):
        await emulator.__aexit__(None, None, None)
    assert status == 500


async def _post_status(url: str) -> int:
    async with aiohttp.ClientSession() as session, session.post(url) as response:
        return response.status


async def test_call_records_keep_method_chat_and_parameters(
    emu: Emulator, aiogram_bot: Bot
) -> None:
    emu.user(USER_ID)

    await aiogram_bot.send_message(USER_ID, "hello")

    [record] = emu.calls.of("sendmessage")
    assert (record.method, record.chat_id, record.status) == ("sendMessage", USER_ID, 200)
    assert record.params["text"] == "hello"
    assert emu.calls.per_method()["sendMessage"] == 1


async def test_message_dates_come_from_the_given_clock() -> None:
    async with Emulator(clock=lambda: 1_700_000_000.0) as emu:
        await emu.user(USER_ID).send_text("hi")

        [update] = emu.pending_updates

    assert update["message"]["date"] == 1_700_000_000
