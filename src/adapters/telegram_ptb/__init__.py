"""The Telegram channel on python-telegram-bot 22: updates → core events, actions → Bot API."""

from adapters.telegram_ptb.channel import PendingAnswers, PtbChannel, keyboard
from adapters.telegram_ptb.runtime import (
    ALLOWED_UPDATES,
    PtbApplication,
    PtbTelegram,
    ptb_application,
)
from adapters.telegram_ptb.updates import to_event

__all__ = [
    "ALLOWED_UPDATES",
    "PendingAnswers",
    "PtbApplication",
    "PtbChannel",
    "PtbTelegram",
    "keyboard",
    "ptb_application",
    "to_event",
]
