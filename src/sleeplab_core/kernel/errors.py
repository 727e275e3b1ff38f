"""The root of every error the core raises on purpose."""


class SleeplabError(Exception):
    """Base class: catch this to handle any expected failure of the core."""


class ValidationFailed(SleeplabError):
    """Input that breaks a rule; ``reason`` says what a person must change."""

    def __init__(self, reason: str, *, field: str | None = None) -> None:
        super().__init__(reason if field is None else f"{field}: {reason}")
        self.reason = reason
        self.field = field


class NotFound(SleeplabError):
    """A looked-up thing does not exist."""


class Conflict(SleeplabError):
    """The request contradicts stored state (a duplicate with different fields, say)."""
