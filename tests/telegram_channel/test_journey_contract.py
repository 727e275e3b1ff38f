"""The same SleepLab journey through the terminal, aiogram and PTB, polling and webhook.

Every channel must show the same screens (texts and button labels) in the same order: the
core owns the dialogue, the channels only translate.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.telegram_emulator import Emulator
from telegram_channel.harness import bot_settings
from telegram_channel.journey import (
    USER_ID,
    Driver,
    Screen,
    TelegramDriver,
    TerminalDriver,
    play,
    terminal_settings,
)


class JourneyContract:
    """What any channel must show along the scripted journey."""

    @pytest.fixture
    def driver(self) -> Driver:
        raise NotImplementedError

    @pytest.fixture
    async def transcript(self, driver: Driver) -> list[Screen]:
        return await play(driver)

    def test_the_journey_reaches_the_short_result_and_the_menu(
        self, transcript: list[Screen]
    ) -> None:
        texts = [text for text, _ in transcript]
        assert texts[0].startswith("Hello! I'm SleepLab")
        assert any("short result" in text for text in texts)
        assert transcript[-1][0].startswith("Your sleep check-up")
        assert "My level L0 result" in transcript[-1][1]

    def test_back_shows_the_earlier_question_and_the_changed_answer_is_used(
        self, transcript: list[Screen]
    ) -> None:
        bedtime = [
            i for i, (text, _) in enumerate(transcript) if "what time do you go to bed" in text
        ]
        assert len(bedtime) == 2, "asked once, and again after ⬅ Back"
        assert any("You go to bed around 23:00" in text for text, _ in transcript)
        assert not any("around 23:30" in text for text, _ in transcript)

    def test_progress_survives_the_restarts(self, transcript: list[Screen]) -> None:
        texts = [text for text, _ in transcript]
        assert sum("How old are you" in text for text in texts) == 1, "never started over"
        assert sum("Question 13 of about 13" in text for text in texts) == 1


class TestJourneyInTheTerminal(JourneyContract):
    @pytest.fixture
    def driver(self, tmp_path: Path) -> Driver:
        return TerminalDriver(terminal_settings(tmp_path))


class TelegramJourneyContract(JourneyContract):
    """A Telegram channel must also match the terminal screen for screen."""

    framework = ""
    mode = ""

    @pytest.fixture
    def driver(self, emu: Emulator, tmp_path: Path) -> Driver:
        return TelegramDriver(emu, bot_settings(emu, tmp_path), self.framework, self.mode)

    async def test_shows_exactly_what_the_terminal_shows(
        self, transcript: list[Screen], tmp_path: Path
    ) -> None:
        (tmp_path / "terminal").mkdir()
        terminal = await play(TerminalDriver(terminal_settings(tmp_path / "terminal")))
        assert transcript == terminal

    def test_a_press_on_the_current_screen_edits_it_in_place(
        self, transcript: list[Screen], emu: Emulator
    ) -> None:
        edits = emu.calls.count("editMessageText", USER_ID, ok_only=True)
        sends = emu.calls.count("sendMessage", USER_ID, ok_only=True)
        assert edits > 0
        assert sends + edits == len(transcript)
        assert len(emu.user(USER_ID).transcript()) == sends

    def test_every_press_is_answered(self, transcript: list[Screen], emu: Emulator) -> None:
        presses = [e for e in emu.history() if e.kind == "callback_query"]
        answers = [e for e in emu.history() if e.kind == "callback_answer"]
        assert len(answers) == len(presses) > 0


class TestJourneyWithAiogramPolling(TelegramJourneyContract):
    framework, mode = "aiogram", "polling"


class TestJourneyWithAiogramWebhook(TelegramJourneyContract):
    framework, mode = "aiogram", "webhook"


class TestJourneyWithPtbPolling(TelegramJourneyContract):
    framework, mode = "ptb", "polling"


class TestJourneyWithPtbWebhook(TelegramJourneyContract):
    framework, mode = "ptb", "webhook"
