"""A client's active bookings that have not started yet."""

from __future__ import annotations

from sleeplab_core.booking.config import SalonConfig
from sleeplab_core.booking.model import Booking, BookingStatus
from sleeplab_core.booking.ports import BookingUnitOfWork
from sleeplab_core.kernel.clock import Clock


async def upcoming_bookings(
    uow: BookingUnitOfWork, clock: Clock, config: SalonConfig, client_id: str
) -> list[Booking]:
    """Confirmed bookings and live holds of the client starting after now, by start."""
    now = clock.now()
    return [
        b
        for b in await uow.booking.of_client(config.id, client_id)
        if b.start > now and (b.status is BookingStatus.CONFIRMED or b.occupies(now))
    ]
