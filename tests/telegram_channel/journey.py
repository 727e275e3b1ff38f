"""One scripted SleepLab journey, played through any channel, and what the user saw.

The script: /start → English → consent → the L0 questions, pressing ⬅ Back once to change an
answer, the bot process restarted in the middle (a new container on the same SQLite file) →
the short result → another restart → back to the menu. A *transcript* is every screen shown,
in order, as (text, button labels): a message sent or an edit made both count, so a channel
that edits in place and one that prints anew give the same transcript.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from adapters.telegram_emulator import Emulator
from adapters.terminal import TerminalChannel, parse_line
from entrypoints.containers import build_container, conversations_for, resolve
from entrypoints.settings import Settings
from sleeplab_core.conversation import (
    Action,
    Button,
    Conversations,
    EditScreen,
    Receipt,
    SendScreen,
    Start,
)
from telegram_channel.harness import BotProcess, bot_process, shown

Screen = tuple[str, tuple[str, ...]]
Step = tuple[str, Any]

USER_ID = 1001
COMMAND_PREFIX = "cmd:"

SCRIPT: Sequence[Step] = (
    ("start", None),
    ("press", "English"),
    ("press", "I agree"),
    ("press", "Start level L0"),
    ("say", "35"),  # age
    ("option", 1),  # sex: female
    ("option", 1),  # main complaint
    ("say", "23:30"),  # bedtime
    ("press", "⬅ Back"),  # back to the bedtime question…
    ("say", "23:00"),  # …and a changed answer
    ("restart", None),
    ("say", "07:00"),  # wake time
    ("option", 1),
    ("option", 1),
    ("say", "7 h"),
    ("option", 1),
    ("option", 1),
    ("option", 3),
    ("option", 1),
    ("option", 1),  # the last L0 question: the short result follows
    ("restart", None),
    ("press", "Back to the menu"),
)


class Driver(Protocol):
    """A person on one channel."""

    async def start(self) -> None: ...

    async def press(self, label: str) -> None: ...

    async def option(self, number: int) -> None: ...

    async def say(self, text: str) -> None: ...

    async def restart(self) -> None: ...

    def transcript(self) -> list[Screen]: ...

    async def close(self) -> None: ...


async def play(driver: Driver, script: Sequence[Step] = SCRIPT) -> list[Screen]:
    """Play ``script`` through ``driver`` and return its transcript."""
    try:
        for action, argument in script:
            method = getattr(driver, action)
            await (method(argument) if argument is not None else method())
        return driver.transcript()
    finally:
        await driver.close()


class RecordingTerminal(TerminalChannel):
    """The terminal channel, also keeping the command buttons of the last screen with any."""

    every_button: list[Button]

    async def perform(
        self, user_id: int, actions: list[Action], message_ids: dict[str, int]
    ) -> list[Receipt]:
        for action in actions:
            if isinstance(action, SendScreen | EditScreen) and action.screen.buttons:
                self.every_button = action.screen.all_buttons()
        return await super().perform(user_id, actions, message_ids)


class TerminalDriver:
    """``sleeplab chat --json`` in-process: the terminal channel and its line parser."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._out = io.StringIO()
        self._channel = RecordingTerminal(as_json=True)
        self._conversations: Conversations | None = None
        self._container: Any = None

    async def _ensure(self) -> Conversations:
        if self._conversations is None:
            self._container = build_container(self._settings)
            self._conversations = await conversations_for(self._container, "sleeplab")
        return self._conversations

    async def _type(self, line: str) -> None:
        conversations = await self._ensure()
        event = parse_line(line, USER_ID, self._channel.buttons)
        assert event is not None
        if isinstance(event, Start):
            event = Start(user_id=USER_ID, language_hint="en")
        with contextlib.redirect_stdout(self._out):
            await conversations.deliver(event, self._channel)

    async def start(self) -> None:
        await self._type("/start")

    async def press(self, label: str) -> None:
        button = next(b for b in self._buttons() if b["label"] == label)
        if button["command"]:
            await self._type("/" + button["command"])
            return
        plain = [b for b in self._buttons() if not b["command"]]
        await self._type(str(plain.index(button) + 1))

    async def option(self, number: int) -> None:
        await self._type(str(number))

    async def say(self, text: str) -> None:
        await self._type(text)

    async def restart(self) -> None:
        await self.close()
        old = self._channel  # the old screen is still on the person's terminal
        self._channel = RecordingTerminal(as_json=True)
        self._channel.buttons, self._channel.every_button = old.buttons, old.every_button

    def _buttons(self) -> list[dict[str, str]]:
        # The terminal numbers plain buttons and shows command buttons as /commands.
        return [
            {"label": b.label, "command": b.data.removeprefix(COMMAND_PREFIX)}
            if b.data.startswith(COMMAND_PREFIX)
            else {"label": b.label, "command": ""}
            for b in self._channel.every_button
        ]

    def transcript(self) -> list[Screen]:
        screens = []
        for line in self._out.getvalue().splitlines():
            item = json.loads(line)
            if item["type"] in ("screen", "edit_screen"):
                screens.append((item["text"], tuple(item["buttons"])))
        return screens

    async def close(self) -> None:
        if self._container is not None:
            await resolve(self._container.shutdown_resources())
        self._container = None
        self._conversations = None


class TelegramDriver:
    """A user of the emulator talking to a bot process (aiogram or PTB, polling or webhook)."""

    def __init__(self, emu: Emulator, settings: Settings, framework: str, mode: str) -> None:
        self.emu = emu
        self.user = emu.user(USER_ID, "Ann", language_code="en")
        self._settings = settings
        self._framework = framework
        self._mode = mode
        self._stack: contextlib.AsyncExitStack | None = None
        self._process: BotProcess | None = None
        self._expected = 0

    async def _running(self) -> BotProcess:
        if self._process is None:
            self._stack = contextlib.AsyncExitStack()
            process = bot_process(self.emu, self._settings, self._framework, self._mode)
            self._process = await self._stack.enter_async_context(process)
            self._expected = 0
        return self._process

    async def _handled(self) -> None:
        process = await self._running()
        self._expected += 1
        await process.wait_handled(self._expected)

    async def start(self) -> None:
        await self._running()
        await self.user.send_command("/start")
        await self._handled()

    async def press(self, label: str) -> None:
        await self._running()
        await self.user.press(label)
        await self._handled()

    async def option(self, number: int) -> None:
        plain = [label for label, data in self.last_buttons() if not data.startswith("cmd:")]
        await self.press(plain[number - 1])

    async def say(self, text: str) -> None:
        await self._running()
        await self.user.send_text(text)
        await self._handled()

    async def restart(self) -> None:
        await self.close()

    def last_buttons(self) -> list[tuple[str, str]]:
        for call in reversed(self.emu.calls.records):
            if call.chat_id != USER_ID or call.status != 200:
                continue
            markup = call.params.get("reply_markup")
            if call.method.lower() in ("sendmessage", "editmessagetext") and markup:
                markup = json.loads(markup) if isinstance(markup, str) else markup
                rows = markup.get("inline_keyboard", [])
                if rows:
                    return [(b["text"], b.get("callback_data", "")) for row in rows for b in row]
        return []

    def transcript(self) -> list[Screen]:
        return shown(self.emu, USER_ID)

    async def close(self) -> None:
        if self._stack is not None:
            await self._stack.aclose()
        self._stack = None
        self._process = None


def terminal_settings(data_dir: Path) -> Settings:
    return Settings(
        data_dir=data_dir, database_url=f"sqlite:///{(data_dir / 'chat.sqlite3').as_posix()}"
    )
