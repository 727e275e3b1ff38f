"""A loopback Telegram Bot API server for development and tests.

Real aiogram and python-telegram-bot clients talk HTTP to it; tests act as users through
:class:`Emulator` and its :class:`UserHandle` objects, inject faults and read transcripts.
"""

from .actions import ButtonNotFoundError, PaymentResult
from .calls import CallLog, CallRecord
from .emulator import BotApiEmulator, Emulator, EmulatorBugError
from .errors import ApiError
from .faults import FaultRule, Faults
from .history import HistoryEvent, TranscriptEntry
from .users import GroupHandle, UserHandle
from .webhook import SECRET_HEADER
from .world import PendingQuery

__all__ = [
    "SECRET_HEADER",
    "ApiError",
    "BotApiEmulator",
    "ButtonNotFoundError",
    "CallLog",
    "CallRecord",
    "Emulator",
    "EmulatorBugError",
    "FaultRule",
    "Faults",
    "GroupHandle",
    "HistoryEvent",
    "PaymentResult",
    "PendingQuery",
    "TranscriptEntry",
    "UserHandle",
]
