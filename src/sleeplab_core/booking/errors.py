"""Booking errors: each says what happened in terms a person can act on."""

from __future__ import annotations

from datetime import datetime

from sleeplab_core.kernel.errors import Conflict, NotFound, SleeplabError, ValidationFailed


class BookingError(SleeplabError):
    """Base of every booking error."""


class ConfigInvalid(BookingError, ValidationFailed):
    """A salon config breaks a rule; the message names each field and what is wrong."""

    def __init__(self, reason: str) -> None:
        ValidationFailed.__init__(self, reason)


class SlotTaken(BookingError, Conflict):
    """The specialist is already occupied for part of the requested time."""

    def __init__(self, specialist_id: str, start: datetime) -> None:
        super().__init__(f"{specialist_id} is busy at {start.isoformat()}")
        self.specialist_id = specialist_id
        self.start = start


class SlotUnavailable(BookingError, ValidationFailed):
    """The start is not offered: outside hours, too soon, too far, off the grid, or busy."""

    def __init__(self, reason: str) -> None:
        ValidationFailed.__init__(self, reason)


class BookingNotFound(BookingError, NotFound):
    """No booking (or no active one of this client) with that id."""


class HoldExpired(BookingError):
    """The hold lapsed before it was confirmed; the slot may be gone."""


class TooLate(BookingError):
    """Cancelling or moving closer to the start than the service's notice allows."""

    def __init__(self, notice_minutes: int) -> None:
        super().__init__(f"needs {notice_minutes} minutes' notice")
        self.notice_minutes = notice_minutes


class InvalidTransition(BookingError, Conflict):
    """The booking's status does not allow this (cancelling a cancelled booking, say)."""


class SyncUnavailable(BookingError):
    """The calendar copy could not be written now (outage, quota); try again later."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class UnknownName(BookingError, NotFound):
    """The salon's config has no service or specialist with that id (any more)."""
