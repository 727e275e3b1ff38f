"""The Telegram channel on python-telegram-bot 22: PTB makes the Bot API calls for the core."""

from adapters.telegram_ptb.channel import PendingAnswers, PtbCalls, PtbChannel
from adapters.telegram_ptb.runtime import (
    ALLOWED_UPDATES,
    PtbApplication,
    PtbTelegram,
    ptb_application,
)
from adapters.telegram_ptb.updates import as_json, to_event

__all__ = [
    "ALLOWED_UPDATES",
    "PendingAnswers",
    "PtbApplication",
    "PtbCalls",
    "PtbChannel",
    "PtbTelegram",
    "as_json",
    "ptb_application",
    "to_event",
]
