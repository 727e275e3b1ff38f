"""Cancel a booking, respecting the service's notice unless an operator cancels."""

from __future__ import annotations

import attrs

from sleeplab_core.booking.config import SalonConfig
from sleeplab_core.booking.model import Booking, BookingStatus
from sleeplab_core.booking.notice import active_booking_of, require_notice
from sleeplab_core.booking.ports import BookingUnitOfWork
from sleeplab_core.kernel.clock import Clock


async def cancel_booking(
    uow: BookingUnitOfWork,
    clock: Clock,
    config: SalonConfig,
    booking_id: str,
    client_id: str | None,
    *,
    operator: bool = False,
) -> Booking:
    """Cancel; the slot is free for others at once.

    Args:
        client_id: the client cancelling (None: an operator acting on any booking).
        operator: skip the service's cancel notice.

    Raises:
        BookingNotFound: no active booking with that id (of that client).
        TooLate: a client cancelling inside the service's cancel notice.
    """
    now = clock.now()
    booking = await active_booking_of(uow, config.id, booking_id, client_id)
    service = config.find_service(booking.service_id)  # a service removed since: no notice
    notice = service.cancel_notice if service is not None else 0
    if booking.status is BookingStatus.CONFIRMED:
        require_notice(booking, notice, now, operator=operator)
    cancelled = attrs.evolve(booking, status=BookingStatus.CANCELLED, hold_expires_at=None)
    await uow.booking.save(cancelled, now)
    return cancelled
