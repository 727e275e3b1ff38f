"""Bookings, holds and the waitlist: aware UTC times, half-open ``[start, end)`` intervals."""

from __future__ import annotations

import enum
from datetime import date, datetime, timedelta

import attrs


@attrs.frozen(order=True)
class Interval:
    """A half-open time interval ``[start, end)``: back-to-back intervals do not overlap."""

    start: datetime
    end: datetime

    def __attrs_post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("interval bounds must be timezone-aware")
        if self.end <= self.start:
            raise ValueError("an interval must end after it starts")

    def overlaps(self, other: Interval) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Interval) -> bool:
        return self.start <= other.start and other.end <= self.end

    def widened(self, before: timedelta, after: timedelta) -> Interval:
        return Interval(self.start - before, self.end + after)


class BookingStatus(enum.StrEnum):
    HELD = "held"  # chosen in chat, waiting for the client's confirmation until it lapses
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"  # a hold that lapsed
    NO_SHOW = "no_show"
    COMPLETED = "completed"


#: Statuses whose occupied interval blocks the specialist (a held one only until it lapses).
OCCUPYING = frozenset(
    {BookingStatus.HELD, BookingStatus.CONFIRMED, BookingStatus.NO_SHOW, BookingStatus.COMPLETED}
)
ACTIVE = frozenset({BookingStatus.HELD, BookingStatus.CONFIRMED})
ERASED_CLIENT = "erased"
"""The client id of bookings whose client asked to be forgotten (their slot stays taken)."""


@attrs.frozen
class Booking:
    """A client's appointment with one specialist for one service.

    ``occupied`` is the appointment widened by the service's buffers: what no other booking
    of the same specialist may overlap (the databases enforce it).
    """

    id: str
    project_id: str
    specialist_id: str
    service_id: str
    client_id: str
    appointment: Interval
    occupied: Interval
    status: BookingStatus
    created_at: datetime
    hold_expires_at: datetime | None = None
    client_name: str = ""

    def occupies(self, now: datetime) -> bool:
        """Whether the booking blocks its specialist at ``now``."""
        if self.status is BookingStatus.HELD:
            return self.hold_expires_at is not None and now < self.hold_expires_at
        return self.status in OCCUPYING

    @property
    def start(self) -> datetime:
        return self.appointment.start


@attrs.frozen
class WaitlistEntry:
    """A client waiting for a slot of a service on a local date (any specialist if None)."""

    id: str
    project_id: str
    client_id: str
    service_id: str
    day: date
    specialist_id: str | None
    created_at: datetime


@attrs.frozen
class Slot:
    """A bookable start for one specialist (UTC)."""

    specialist_id: str
    start: datetime


@attrs.frozen
class ProjectFigures:
    """What an operator sees of a salon: bookings by status, clients, waitlist, dialogues."""

    by_status: dict[str, int]
    clients: int
    waiting: int
    dialogues: int


@attrs.frozen
class StaffBlock:
    """Time a specialist is busy because staff typed it into the sheet ("busy", a name):
    the engine treats it as occupied. ``label`` is what they typed (shown to operators)."""

    project_id: str
    specialist_id: str
    interval: Interval
    label: str = ""
