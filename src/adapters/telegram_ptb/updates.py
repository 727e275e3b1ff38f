"""python-telegram-bot updates → core events: the update's JSON, translated by the core."""

from __future__ import annotations

from typing import Any

from telegram import Update

from sleeplab_core.conversation import Event, telegram_updates


def as_json(update: Update) -> dict[str, Any]:
    """The Bot API JSON of a PTB update (what the webhook or getUpdates carried)."""
    return update.to_dict()


def to_event(update: Update) -> Event | None:
    """The core event of ``update``: see :func:`telegram_updates.to_event`."""
    return telegram_updates.to_event(as_json(update))
