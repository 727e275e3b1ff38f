"""A person chatting with the coach bot, and tiny valid media files."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import Any

from sleeplab_core.conversation import (
    Action,
    ButtonPress,
    Command,
    Conversations,
    EditScreen,
    Event,
    Media,
    Receipt,
    Screen,
    SendScreen,
    Start,
    Text,
)

ONBOARDING = ["Run a 5k", "health, sport", "quarter", "feel strong", "3", "20:30", "22:00-08:00"]


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def ogg_bytes() -> bytes:
    return b"OggS" + bytes(60)


class CoachChat:
    """One user's side of the chat."""

    def __init__(
        self, conversations: Conversations, files: Path, user_id: int = 1, clock: Any = None
    ) -> None:
        self.conversations = conversations
        self.clock = clock
        self.files = files
        self.user_id = user_id
        self.screens: list[Screen] = []

    async def perform(
        self, user_id: int, actions: list[Action], message_ids: dict[str, int]
    ) -> list[Receipt]:
        self.screens += [a.screen for a in actions if isinstance(a, SendScreen | EditScreen)]
        return [Receipt(tag, n) for n, a in enumerate(actions) if (tag := getattr(a, "tag", None))]

    async def send(self, event: Event) -> None:
        await self.conversations.deliver(event, self)

    async def start(self) -> None:
        await self.send(Start(user_id=self.user_id, language_hint="en"))

    async def say(self, text: str) -> None:
        await self.send(Text(user_id=self.user_id, text=text))

    async def command(self, name: str) -> None:
        await self.send(Command(user_id=self.user_id, name=name))

    async def press(self, data: str) -> None:
        await self.send(ButtonPress(user_id=self.user_id, data=data))

    async def upload(self, kind: str, name: str, data: bytes) -> None:
        path = self.files / name
        path.write_bytes(data)
        await self.send(Media(user_id=self.user_id, kind=kind, file_id=f"file:{path}"))

    async def onboard(self, city: str = "Berlin") -> None:
        await self.start()
        await self.press("ob:yes")
        for answer in ONBOARDING[:6]:
            await self.say(answer)
        await self.press("ob:daily")  # how often: every day
        await self.say(ONBOARDING[6])
        await self.say(city)
        await self.press("ob:0")  # the day ends at midnight

    @property
    def last(self) -> str:
        return self.screens[-1].text

    def texts(self) -> str:
        return "\n".join(screen.text for screen in self.screens)
