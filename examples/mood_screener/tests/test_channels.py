"""The mood check played as a user would: in the terminal and in Telegram (aiogram, PTB)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from adapters.telegram_emulator import Emulator
from entrypoints.bot import build_telegram
from entrypoints.containers import build_container, resolve
from entrypoints.settings import Settings

ANSWERS = ["1", "3", "4", "1", "2"]  # agree, then one press per question
SLEEPLAB = str(Path(sys.executable).parent / "sleeplab")  # the installed command
PRESSES = ["I agree", "More than half the days", "Nearly every day", "Not at all", "Several days"]


def test_the_terminal_plays_the_check_to_its_result(tmp_path: Path) -> None:
    result = subprocess.run(
        [SLEEPLAB, "chat", "--bot", "mood", "--lang", "en", "--json"],
        input="\n".join(ANSWERS) + "\n",
        capture_output=True,
        text=True,
        env={**_without_sleeplab(os.environ), "SLEEPLAB_DATA_DIR": str(tmp_path)},
        timeout=120,
        check=True,
    )
    screens = [json.loads(line)["text"] for line in result.stdout.splitlines()]
    assert screens[-1].startswith("Your mood check")
    assert "Low mood or loss of interest" in screens[-1]  # 2 + 3 = 5 of 6
    assert "Anxiety" not in screens[-1]  # 0 + 1 = 1 of 6


def _without_sleeplab(environ: Mapping[str, str]) -> dict[str, str]:
    return {k: v for k, v in environ.items() if not k.startswith("SLEEPLAB_")}


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_telegram_plays_the_same_check(framework: str, tmp_path: Path) -> None:
    async with Emulator() as emu:
        settings = Settings(
            data_dir=tmp_path,
            database_url="memory://",
            telegram_token=emu.token,
            telegram_api_url=emu.base_url,
            telegram_polling_timeout=1,
        )
        container = build_container(settings)
        runtime = await build_telegram(container, bot="mood", framework=framework)  # type: ignore[arg-type]
        polling = asyncio.create_task(runtime.run_polling(polling_timeout=1))
        try:
            user = emu.user(42, language_code="en")

            def showing(prefix: str) -> bool:
                last = user.last_message()
                return last is not None and (last.text or "").startswith(prefix)

            await user.send_command("start")
            await emu.world.wait_until(lambda: showing("Hi!"), within=20)
            for number, label in enumerate(PRESSES):
                await user.press(label)
                expected = f"Question {number + 1} of" if number < 4 else "Your mood check"
                await emu.world.wait_until(lambda e=expected: showing(e), within=20)
            final = user.last_message().text or ""  # type: ignore[union-attr]
            assert "Low mood or loss of interest" in final
            assert "Anxiety" not in final
        finally:
            polling.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await polling
            await runtime.close()
            await resolve(container.shutdown_resources())
