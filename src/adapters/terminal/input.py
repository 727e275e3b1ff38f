"""Typed lines become core events: a number presses that button, ``/cmd`` is a command."""

from __future__ import annotations

from pathlib import Path

from sleeplab_core.conversation import Button, ButtonPress, Command, Event, Media, Start, Text

#: ``/photo <path>`` and ``/voice <path>`` send a local file as a photo or a voice note.
MEDIA_COMMANDS = frozenset({"photo", "voice"})


def parse_line(line: str, user_id: int, buttons: list[Button]) -> Event | None:
    """The event a typed line stands for, or None for an empty line.

    ``buttons`` are the buttons of the last screen, numbered from 1 in reading order.
    ``/photo <path>`` and ``/voice <path>`` become a :class:`Media` event whose ``file_id`` is
    ``file:<absolute path>`` (the terminal's stand-in for a Telegram file id).
    """
    text = line.strip()
    if not text:
        return None
    if text.startswith("/"):
        name, _, args = text[1:].partition(" ")
        name = name.lower()
        if name == "start":
            return Start(user_id=user_id, payload=args.strip() or None)
        if name in MEDIA_COMMANDS and args.strip():
            path = Path(args.strip()).expanduser().resolve()
            return Media(user_id=user_id, kind=name, file_id=f"file:{path}")
        return Command(user_id=user_id, name=name, args=args.strip())
    if text.isdigit() and 1 <= int(text) <= len(buttons):
        button = buttons[int(text) - 1]
        if button.data:
            return ButtonPress(user_id=user_id, data=button.data)
    return Text(user_id=user_id, text=text)
