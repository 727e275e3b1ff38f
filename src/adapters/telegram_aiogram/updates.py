"""aiogram updates → core events: the Bot API JSON of the update, translated by the core."""

from __future__ import annotations

from typing import Any

from aiogram.types import Update

from sleeplab_core.conversation import Event, telegram_updates


def as_json(update: Update) -> dict[str, Any]:
    """The Bot API JSON of an aiogram update (what the webhook or getUpdates carried)."""
    return update.model_dump(mode="json", by_alias=True, exclude_none=True)


def to_event(update: Update) -> Event | None:
    """The core event of ``update``: see :func:`telegram_updates.to_event`."""
    return telegram_updates.to_event(as_json(update))
