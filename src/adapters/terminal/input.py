"""Typed lines become core events: a number presses that button, ``/cmd`` is a command."""

from __future__ import annotations

from pathlib import Path

from sleeplab_core.conversation import (
    Button,
    ButtonPress,
    Command,
    Event,
    Location,
    Media,
    Start,
    Text,
)

#: ``/photo <path>`` and ``/voice <path>`` send a local file as a photo or a voice note.
MEDIA_COMMANDS = frozenset({"photo", "voice"})
TERMINAL_LIVE_MESSAGE = 1
"""The terminal's one live location (Telegram names it by its message id)."""
TERMINAL_LIVE_PERIOD = 8 * 3600
"""Seconds a typed live location may be updated (Telegram's longest fixed period)."""


def parse_line(line: str, user_id: int, buttons: list[Button]) -> Event | None:
    """The event a typed line stands for, or None for an empty line.

    ``buttons`` are the buttons of the last screen, numbered from 1 in reading order.
    ``/photo <path>`` and ``/voice <path>`` become a :class:`Media` event whose ``file_id`` is
    ``file:<absolute path>`` (the terminal's stand-in for a Telegram file id).
    ``/location LAT LON [ACCURACY_M]`` is a point of a live location being shared (each line
    the next point, timed by the clock); ``/location once LAT LON [ACCURACY_M]`` shares a
    point once. A malformed ``/location`` stays a command the bot answers.
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
        if name == "location" and (point := _location(args.split(), user_id)) is not None:
            return point
        return Command(user_id=user_id, name=name, args=args.strip())
    if text.isdigit() and 1 <= int(text) <= len(buttons):
        button = buttons[int(text) - 1]
        if button.data:
            return ButtonPress(user_id=user_id, data=button.data)
    return Text(user_id=user_id, text=text)


def _location(words: list[str], user_id: int) -> Location | None:
    once = bool(words) and words[0].lower() == "once"
    numbers = words[1:] if once else words
    if len(numbers) not in (2, 3):
        return None
    try:
        values = [float(word.replace(",", ".")) for word in numbers]
    except ValueError:
        return None
    latitude, longitude = values[0], values[1]
    accuracy = values[2] if len(values) == 3 else None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180) or (accuracy or 0) < 0:
        return None
    return Location(
        user_id=user_id,
        latitude=latitude,
        longitude=longitude,
        accuracy_m=accuracy,
        live_period=None if once else TERMINAL_LIVE_PERIOD,
        message_id=None if once else TERMINAL_LIVE_MESSAGE,
    )
