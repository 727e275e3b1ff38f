"""The assistant's values: answer length, outcomes, preferences and message-log entries."""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from sleeplab_core.kernel.users import UserId


class AnswerLength(enum.StrEnum):
    """How long the user wants answers to be (a setting)."""

    SHORT = "short"
    NORMAL = "normal"
    DETAILED = "detailed"

    @property
    def max_output_tokens(self) -> int:
        return {"short": 300, "normal": 800, "detailed": 1600}[self.value]


class Outcome(enum.StrEnum):
    """What became of a question (the message log's ``outcome``)."""

    ANSWERED = "answered"
    """The model answered; the price was posted (0 with a subscription)."""
    CRISIS = "crisis"
    """A crisis topic: crisis resources were shown instead; nothing charged."""
    FAILED = "failed"
    """The model failed; the hold was voided, nothing charged; a retry is offered."""
    NO_CREDITS = "no_credits"
    """Not enough credits; top-up offered; the model was not called."""
    REJECTED = "rejected"
    """Input the assistant cannot take (empty, too long, a sticker); nothing charged."""


@attrs.frozen(kw_only=True)
class Preferences:
    """A user's assistant settings and which conversation is current.

    ``conversation`` counts conversations: ``/new`` starts the next one, and memory only
    reads entries of the current one.
    """

    user_id: UserId
    answer_length: AnswerLength = AnswerLength.NORMAL
    conversation: int = 1


@attrs.frozen(kw_only=True)
class LogEntry:
    """One question and what became of it.

    Holds no identifying detail beyond ``user_id``: ``question`` and ``answer`` are the
    redacted texts (what the model saw and said), ``error`` is an error type name, never a
    message. ``cost`` is in credits; ``latency_ms`` covers the whole ask (hold to post).
    """

    id: str
    user_id: UserId
    conversation: int
    at: datetime
    outcome: Outcome
    question: str = ""
    answer: str = ""
    provider: str = ""
    model: str = ""
    input_tokens: int = 0
    output_tokens: int = 0
    cost: int = 0
    latency_ms: int = 0
    error: str = ""
