"""The notice a client owes before changing a booking (operators are exempt)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sleeplab_core.booking.errors import BookingNotFound, TooLate
from sleeplab_core.booking.model import ACTIVE, Booking
from sleeplab_core.booking.ports import BookingUnitOfWork


def require_notice(booking: Booking, minutes: int, now: datetime, *, operator: bool) -> None:
    """Raise :class:`TooLate` when a client acts less than ``minutes`` before the start."""
    if not operator and booking.start - now < timedelta(minutes=minutes):
        raise TooLate(minutes)


async def active_booking_of(
    uow: BookingUnitOfWork, project_id: str, booking_id: str, client_id: str | None
) -> Booking:
    """The active booking, checked to belong to the project (and client, if given).

    Raises:
        BookingNotFound: missing, another project's or client's, or no longer active.
    """
    booking = await uow.booking.get(booking_id)
    if (
        booking is None
        or booking.project_id != project_id
        or (client_id is not None and booking.client_id != client_id)
        or booking.status not in ACTIVE
    ):
        raise BookingNotFound(booking_id)
    return booking
