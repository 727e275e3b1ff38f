"""Typed lines become core events: a number presses that button, ``/cmd`` is a command."""

from __future__ import annotations

from sleeplab_core.conversation import Button, ButtonPress, Command, Event, Start, Text


def parse_line(line: str, user_id: int, buttons: list[Button]) -> Event | None:
    """The event a typed line stands for, or None for an empty line.

    ``buttons`` are the buttons of the last screen, numbered from 1 in reading order.
    """
    text = line.strip()
    if not text:
        return None
    if text.startswith("/"):
        name, _, args = text[1:].partition(" ")
        name = name.lower()
        if name == "start":
            return Start(user_id=user_id, payload=args.strip() or None)
        return Command(user_id=user_id, name=name, args=args.strip())
    if text.isdigit() and 1 <= int(text) <= len(buttons):
        button = buttons[int(text) - 1]
        if button.data:
            return ButtonPress(user_id=user_id, data=button.data)
    return Text(user_id=user_id, text=text)
