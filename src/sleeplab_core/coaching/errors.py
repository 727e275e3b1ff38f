"""Errors of the coaching module; each carries the message key a person sees."""

from __future__ import annotations

from sleeplab_core.kernel.errors import SleeplabError


class CoachingError(SleeplabError):
    """An expected refusal; ``key`` is the ``coach`` catalog text explaining it."""

    key = "coach.error.generic"

    def __init__(self, detail: str = "", **params: object) -> None:
        super().__init__(detail or self.key)
        self.params = params


class MediaRejected(CoachingError):
    """``reason`` is ``empty``, ``too_large``, ``format_photo`` or ``format_voice``."""

    def __init__(self, detail: str = "", *, reason: str, limit_mb: int) -> None:
        super().__init__(detail, limit_mb=limit_mb)
        self.reason = reason
        self.key = f"coach.error.media_{reason}"


class GoalNotOpen(CoachingError):
    key = "coach.error.goal_closed"


class GoalUnknown(CoachingError):
    key = "coach.error.goal_unknown"


class MediaUnknown(CoachingError):
    """The photo is no longer on the goal's mood board (removed meanwhile)."""

    key = "coach.error.media_unknown"


class BoardFull(CoachingError):
    """A mood board holds ``limit`` photos; one must go before another is added."""

    key = "coach.error.board_full"


class NotOnboarded(CoachingError):
    key = "coach.error.not_onboarded"


class TranscriptionFailed(CoachingError):
    key = "coach.error.transcription"


class PaymentRequired(CoachingError):
    key = "coach.error.paywall"


class SnoozeLimit(CoachingError):
    key = "coach.error.snooze_limit"
