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
    key = "coach.error.media"


class GoalNotOpen(CoachingError):
    key = "coach.error.goal_closed"


class GoalUnknown(CoachingError):
    key = "coach.error.goal_unknown"


class NotOnboarded(CoachingError):
    key = "coach.error.not_onboarded"


class TranscriptionFailed(CoachingError):
    key = "coach.error.transcription"


class PaymentRequired(CoachingError):
    key = "coach.error.paywall"
