"""Work outside an update (deliveries, reminders) reaches users through Telegram."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

from adapters.telegram_emulator import Emulator
from entrypoints.bot import TelegramPushChannel, run_polling
from entrypoints.containers import build_container, resolve
from sleeplab_core.conversation import Screen, SendScreen
from telegram_channel.harness import LOOPBACK, bot_settings


async def test_the_push_channel_sends_to_a_user_outside_any_update(
    emu: Emulator, tmp_path: Path
) -> None:
    user = emu.user(501, first_name="Ann")
    container = build_container(bot_settings(emu, tmp_path))
    channel = TelegramPushChannel(container, options=LOOPBACK)
    try:
        receipts = await channel.perform(
            501, [SendScreen(screen=Screen.of("Your report is ready"), tag="report")], {}
        )
    finally:
        await channel.close()
        await resolve(container.shutdown_resources())
    (message,) = await user.wait_for_messages(1)
    assert message.text == "Your report is ready"
    assert [r.tag for r in receipts] == ["report"]
    assert receipts[0].message_id == message.message_id


async def test_a_bot_with_its_worker_in_process_still_answers_users(
    emu: Emulator, tmp_path: Path
) -> None:
    user = emu.user(502, first_name="Bob")
    container = build_container(bot_settings(emu, tmp_path))
    task = asyncio.create_task(run_polling(container, options=LOOPBACK, with_worker=True))
    try:
        await user.send_command("/start")
        (welcome,) = await user.wait_for_messages(1, timeout=20)
        assert "SleepLab" in welcome.text
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
