"""``sleeplab bot`` for real: a separate process, configured only by environment variables."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import sys
from pathlib import Path

import pytest

from adapters.telegram_emulator import Emulator
from telegram_channel.harness import SECRET

pytestmark = pytest.mark.slow
STARTUP = 60.0  # a cold interpreter imports both frameworks and the whole core


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize(("framework", "mode"), [("aiogram", "polling"), ("ptb", "webhook")])
async def test_sleeplab_bot_greets_a_user_in_telegram(
    emu: Emulator, tmp_path: Path, framework: str, mode: str
) -> None:
    port = free_port()
    env = {
        **os.environ,
        "SLEEPLAB_TELEGRAM_TOKEN": emu.token,
        "SLEEPLAB_TELEGRAM_API_URL": emu.base_url,
        "SLEEPLAB_DATA_DIR": str(tmp_path),
        "SLEEPLAB_WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram/webhook",
        "SLEEPLAB_WEBHOOK_SECRET": SECRET,
        "SLEEPLAB_WEB_PORT": str(port),
    }
    env.pop("SLEEPLAB_DATABASE_URL", None)
    command = ["-m", "entrypoints", "bot", "--framework", framework, "--mode", mode]
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *command,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        ready = "getUpdates" if mode == "polling" else "setWebhook"
        await emu.calls_started(ready, timeout=STARTUP)
        user = emu.user(1001, "Ann", language_code="en")

        await user.send_command("/start")
        (welcome,) = await user.wait_for_messages(1, timeout=STARTUP)

        assert welcome.text is not None
        assert welcome.text.startswith("Hello! I'm SleepLab")
        assert welcome.buttons == (("English", "Русский"),)
    finally:
        with contextlib.suppress(ProcessLookupError):
            process.terminate()
        await process.wait()
