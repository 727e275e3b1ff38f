"""The coach through real aiogram and real PTB against the loopback emulator: the same
transcript, a mood-board photo downloaded with getFile, structured advice offline."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.telegram_emulator import Emulator
from entrypoints.bot import build_telegram
from entrypoints.containers import build_container, resolve
from telegram_channel.harness import LOOPBACK, BotProcess, bot_settings, shown

USER_ID = 2002
ONBOARDING = ["Run a 5k", "health, sport", "feel strong", "20:30", "22:00-08:00", "Berlin"]


@contextlib.asynccontextmanager
async def coach_process(emu: Emulator, data_dir: Path, framework: str) -> AsyncIterator[BotProcess]:
    settings = bot_settings(emu, data_dir, bots="coach")
    container = build_container(settings)
    runtime = await build_telegram(container, bot="coach", framework=framework, options=LOOPBACK)  # type: ignore[arg-type]
    process = BotProcess(runtime)
    process.count_deliveries()
    task = asyncio.create_task(runtime.run_polling(polling_timeout=1))
    try:
        yield process
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await runtime.close()
        await resolve(container.shutdown_resources())


async def play(emu: Emulator, data_dir: Path, framework: str) -> list[tuple[str, tuple[str, ...]]]:
    user = emu.user(USER_ID, "Ann", language_code="en")
    async with coach_process(emu, data_dir, framework) as process:
        handled = 0

        async def step(action: object) -> None:
            nonlocal handled
            await action  # type: ignore[misc]
            handled += 1
            await process.wait_handled(handled)

        await step(user.send_command("/start"))
        await step(user.press("✅ I agree"))
        await step(user.send_text(ONBOARDING[0]))
        await step(user.send_text(ONBOARDING[1]))
        await step(user.press("3 months"))
        await step(user.send_text(ONBOARDING[2]))
        await step(user.press("3"))
        await step(user.send_text(ONBOARDING[3]))
        await step(user.press("Every day"))
        for text in ONBOARDING[4:]:
            await step(user.send_text(text))
        await step(user.press("At midnight"))
        await step(user.send_command("/new_goal"))
        await step(user.send_text("Read 12 books"))
        await step(user.send_photo())
        await step(user.press("Done"))
        await step(user.send_command("/checkin"))
        await step(user.press("Run a 5k"))
        for text in ["Ran 2 km", "rain", "kept going"]:
            await step(user.send_text(text))
    return shown(emu, USER_ID)


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_the_coach_journey_runs_on_telegram_with_a_photo(
    emu: Emulator, tmp_path: Path, framework: str
) -> None:
    transcript = await play(emu, tmp_path, framework)
    texts = [text for text, _ in transcript]

    assert any("Added to the mood board" in text for text in texts), texts[-6:]
    assert list((tmp_path / "files").rglob("*.png")), "the photo was downloaded and kept"
    advice = next(text for text in texts if "Check-in saved" in text)
    assert "1. " in advice
    assert "Streak: 1 day" in texts[-1]


async def test_aiogram_and_ptb_show_the_same_transcript(tmp_path: Path) -> None:
    transcripts = []
    for framework in ("aiogram", "ptb"):
        async with Emulator() as emu:
            transcripts.append(await play(emu, tmp_path / framework, framework))

    assert transcripts[0] == transcripts[1]


async def test_a_shared_location_sets_the_time_zone_on_aiogram(
    emu: Emulator, tmp_path: Path
) -> None:
    user = emu.user(USER_ID, "Ann", language_code="en")
    async with coach_process(emu, tmp_path, "aiogram") as process:
        handled = 0

        async def step(action: object) -> None:
            nonlocal handled
            await action  # type: ignore[misc]
            handled += 1
            await process.wait_handled(handled)

        await step(user.send_command("/start"))
        await step(user.press("✅ I agree"))
        await step(user.send_text(ONBOARDING[0]))
        await step(user.send_text(ONBOARDING[1]))
        await step(user.press("3 months"))
        await step(user.send_text(ONBOARDING[2]))
        await step(user.press("3"))
        await step(user.send_text(ONBOARDING[3]))
        await step(user.press("Every day"))
        await step(user.send_text(ONBOARDING[4]))
        await step(user.send_location(55.75, 37.62))  # Moscow, instead of typing a city
        await step(user.press("At midnight"))
    texts = [text for text, _ in shown(emu, USER_ID)]

    assert "📍 Your location is in the Europe/Moscow time zone." in texts
    assert any("Time zone: Europe/Moscow" in text for text in texts), texts[-3:]
