"""The Telegram channel on aiogram 3: aiogram makes the Bot API calls for the core."""

from adapters.telegram_aiogram.channel import AiogramCalls, AiogramChannel, PendingAnswers
from adapters.telegram_aiogram.runtime import (
    ALLOWED_UPDATES,
    AiogramTelegram,
    aiogram_bot,
)
from adapters.telegram_aiogram.updates import as_json, to_event

__all__ = [
    "ALLOWED_UPDATES",
    "AiogramCalls",
    "AiogramChannel",
    "AiogramTelegram",
    "PendingAnswers",
    "aiogram_bot",
    "as_json",
    "to_event",
]
