"""Record that a client did not come."""

from __future__ import annotations

import attrs

from sleeplab_core.booking.config import SalonConfig
from sleeplab_core.booking.errors import BookingNotFound, InvalidTransition
from sleeplab_core.booking.model import Booking, BookingStatus
from sleeplab_core.booking.ports import BookingUnitOfWork
from sleeplab_core.kernel.clock import Clock


async def mark_no_show(
    uow: BookingUnitOfWork, clock: Clock, config: SalonConfig, booking_id: str
) -> Booking:
    """Mark a confirmed booking whose start has passed as a no-show (kept for statistics).

    Raises:
        BookingNotFound: no booking with that id in this salon.
        InvalidTransition: not confirmed, or its start is still ahead.
    """
    now = clock.now()
    booking = await uow.booking.get(booking_id)
    if booking is None or booking.project_id != config.id:
        raise BookingNotFound(booking_id)
    if booking.status is not BookingStatus.CONFIRMED or booking.start > now:
        raise InvalidTransition("only a confirmed booking whose start has passed")
    marked = attrs.evolve(booking, status=BookingStatus.NO_SHOW)
    await uow.booking.save(marked, now)
    return marked
