"""The Telegram channel on aiogram 3: updates → core events, core actions → Bot API calls."""

from adapters.telegram_aiogram.channel import AiogramChannel, PendingAnswers, keyboard
from adapters.telegram_aiogram.runtime import (
    ALLOWED_UPDATES,
    AiogramTelegram,
    aiogram_bot,
)
from adapters.telegram_aiogram.updates import to_event

__all__ = [
    "ALLOWED_UPDATES",
    "AiogramChannel",
    "AiogramTelegram",
    "PendingAnswers",
    "aiogram_bot",
    "keyboard",
    "to_event",
]
