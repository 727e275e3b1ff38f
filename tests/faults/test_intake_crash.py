"""Kill the bot right after it acknowledged updates: after a restart, every one is processed.

``sleeplab web`` answers Telegram's webhook only once the update is stored, so a SIGKILL
right after the 200s loses none of them; ``sleeplab bot`` (polling) stores what it fetched
before confirming it, and on SIGTERM finishes the updates in progress and exits cleanly.
"""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import httpx
import pytest

from adapters.telegram_emulator import Emulator
from faults.bot_processes import (
    command,
    environment,
    free_port,
    kill,
    post_update,
    processed_keys,
    start,
    start_web,
    stop,
    unfinished_updates,
    wait_for,
)

USERS = range(2001, 2011)
TEXTS = ("/start", "/privacy", "/language")
CLEAN_EXIT = (0, -signal.SIGTERM)
"""uvicorn re-raises the SIGTERM it handled once it has shut down cleanly."""


@pytest.mark.slow
@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_sigkill_after_the_webhook_answered_loses_no_update(
    framework: str, emu: Emulator, database_url: str, tmp_path: Path
) -> None:
    for user in USERS:
        emu.user(user, "Ann")
    emu.inject("sendMessage", delay=0.2, times=None)  # a slow Telegram: updates pile up
    port = free_port()
    web = await start_web(emu, database_url, tmp_path / "run1", port, framework)
    updates = [
        command(update_id, user, text)
        for update_id, (text, user) in enumerate(
            ((text, user) for text in TEXTS for user in USERS), start=1
        )
    ]
    async with httpx.AsyncClient() as client:
        statuses = [await post_update(client, port, update) for update in updates]
    await kill(web)
    processed_before_restart = len(await processed_keys(database_url))

    web = await start_web(emu, database_url, tmp_path / "run2", port, framework)
    try:
        expected = {f"tg:{u['update_id']}" for u in updates}
        await wait_for("every update processed", lambda: _all_processed(database_url, expected))
    finally:
        code, stderr = await stop(web)

    assert statuses == [200] * len(updates)
    assert processed_before_restart < len(updates), "the kill came before processing ended"
    assert await unfinished_updates(database_url) == 0
    assert code in CLEAN_EXIT, stderr
    for user in USERS:
        greetings = [m for m in emu.transcript(user) if m.text.startswith("Hello! I'm SleepLab")]
        assert len(greetings) <= 1, "no update processed twice"


async def _all_processed(url: str, expected: set[str]) -> bool:
    return expected <= await processed_keys(url)


@pytest.mark.slow
@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_sigterm_while_polling_drains_and_loses_no_fetched_update(
    framework: str, emu: Emulator, database_url: str, tmp_path: Path
) -> None:
    users = [emu.user(user, "Ann") for user in USERS]
    emu.inject("sendMessage", delay=0.3, times=None)
    env = environment(emu, database_url, tmp_path, SLEEPLAB_TELEGRAM_FRAMEWORK=framework)
    bot = await start(tmp_path / "run1", env, "bot", "--mode", "polling")
    await wait_for("polling to start", lambda: _polling(emu, bot))
    for user in users:
        await user.send_command("/start")
        await user.send_text("hello")
    await wait_for("the updates fetched", lambda: _fetched(emu))
    code, stderr = await stop(bot)
    after_stop = len(await processed_keys(database_url))

    bot = await start(tmp_path / "run2", env, "bot", "--mode", "polling")
    try:
        await wait_for("every update processed", lambda: _count_processed(database_url, 20))
    finally:
        await stop(bot)

    assert code in CLEAN_EXIT, stderr
    assert after_stop < 20, "the stop came before processing ended"
    assert await unfinished_updates(database_url) == 0


async def _polling(emu: Emulator, bot: asyncio.subprocess.Process) -> bool:
    if bot.returncode is not None:
        _, stderr = await bot.communicate()
        raise AssertionError(f"the bot exited: {stderr.decode(errors='replace')}")
    return emu.calls.count("getUpdates") >= 1


async def _fetched(emu: Emulator) -> bool:
    await asyncio.sleep(0)
    return not emu.pending_updates


async def _count_processed(url: str, count: int) -> bool:
    return len(await processed_keys(url)) >= count
