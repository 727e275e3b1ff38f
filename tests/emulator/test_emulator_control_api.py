"""The /_emulator HTTP control API drives the same world as the Python API."""

from __future__ import annotations

import asyncio
import sys
from typing import Any

import aiohttp
import pytest
import telegram
from aiogram import Bot

from adapters.telegram_emulator import Emulator

from .conftest import USER_ID


async def _call(emu: Emulator, verb: str, path: str, body: Any = None) -> tuple[int, Any]:
    url = f"{emu.base_url}/_emulator{path}"
    async with aiohttp.ClientSession() as session, session.request(verb, url, json=body) as resp:
        return resp.status, await resp.json()


async def test_info_names_the_base_url_and_token(emu: Emulator) -> None:
    status, info = await _call(emu, "GET", "/info")

    assert status == 200
    assert (info["base_url"], info["token"]) == (emu.base_url, emu.token)


async def test_text_sent_over_http_reaches_the_bot(emu: Emulator, aiogram_bot: Bot) -> None:
    await _call(emu, "POST", f"/users/{USER_ID}", {"first_name": "Ann", "language_code": "ru"})

    status, _ = await _call(emu, "POST", f"/users/{USER_ID}/text", {"text": "hi"})
    [update] = await aiogram_bot.get_updates(timeout=0)

    assert status == 200
    assert update.message is not None
    assert update.message.text == "hi"
    assert update.message.from_user is not None
    assert update.message.from_user.language_code == "ru"


async def test_press_and_transcript_over_http(emu: Emulator, ptb_bot: telegram.Bot) -> None:
    emu.user(USER_ID)
    keyboard = telegram.InlineKeyboardMarkup(
        [[telegram.InlineKeyboardButton("OK", callback_data="ok")]]
    )
    await ptb_bot.send_message(USER_ID, "Confirm?", reply_markup=keyboard)

    _, pressed = await _call(emu, "POST", f"/users/{USER_ID}/press", {"button": "OK"})
    _, transcript = await _call(emu, "GET", f"/users/{USER_ID}/transcript")

    assert pressed["result"]["callback_query_id"] == emu.pending_updates[0]["callback_query"]["id"]
    assert transcript["result"] == [
        {"message_id": 1, "kind": "text", "text": "Confirm?", "buttons": [["OK"]], "edited": False}
    ]


async def test_missing_button_over_http_is_404(emu: Emulator) -> None:
    emu.user(USER_ID)

    status, body = await _call(emu, "POST", f"/users/{USER_ID}/press", {"button": "Nope"})

    assert status == 404
    assert "no button 'Nope'" in body["error"]


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_faults_and_call_counts_over_http(emu: Emulator, ptb_bot: telegram.Bot) -> None:
    emu.user(USER_ID)
    await _call(emu, "POST", "/faults", {"method": "sendMessage", "error": 429, "retry_after": 2})

    with pytest.raises(telegram.error.RetryAfter):
        await ptb_bot.send_message(USER_ID, "x")
    _, calls = await _call(emu, "GET", "/calls")

    assert calls["per_method"]["sendMessage"] == 1
    assert calls["per_chat"] == {str(USER_ID): 1}


async def test_standalone_entry_prints_base_url_and_token() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "adapters.telegram_emulator",
        "--port",
        "0",
        "--token",
        "1:T",
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        first = (await asyncio.wait_for(process.stdout.readline(), 20)).decode()
        second = (await asyncio.wait_for(process.stdout.readline(), 20)).decode()
    finally:
        process.terminate()
        await process.wait()

    assert first.startswith("Bot API base URL: http://127.0.0.1:")
    assert second.split() == ["Bot", "token:", "1:T"]
