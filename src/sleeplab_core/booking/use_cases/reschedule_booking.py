"""Move a booking to another start (and maybe specialist) in one transaction."""

from __future__ import annotations

from datetime import datetime

import attrs

from sleeplab_core.booking.availability import appointment_of, occupied_of
from sleeplab_core.booking.config import SalonConfig
from sleeplab_core.booking.model import Booking
from sleeplab_core.booking.notice import active_booking_of, require_notice
from sleeplab_core.booking.ports import BookingUnitOfWork
from sleeplab_core.booking.use_cases.hold_slot import SlotRequest, check_offered
from sleeplab_core.kernel.clock import Clock


async def reschedule_booking(
    uow: BookingUnitOfWork,
    clock: Clock,
    config: SalonConfig,
    booking_id: str,
    client_id: str | None,
    new_start: datetime,
    *,
    specialist_id: str | None = None,
    operator: bool = False,
) -> Booking:
    """Move the booking; its old time is freed and the new one taken together, or neither.

    Raises:
        BookingNotFound: no active booking with that id (of that client).
        TooLate: a client moving inside the service's reschedule notice.
        SlotUnavailable: the new start is not offered.
        SlotTaken: the new time overlaps another booking (decided by the store).
    """
    now = clock.now()
    booking = await active_booking_of(uow, config.id, booking_id, client_id)
    service = config.service(booking.service_id)
    require_notice(booking, service.reschedule_notice, now, operator=operator)
    target = specialist_id or booking.specialist_id
    request = SlotRequest(booking.client_id, service.id, target, new_start)
    await check_offered(uow, config, request, now, ignoring=booking.id)
    moved = attrs.evolve(
        booking,
        specialist_id=target,
        appointment=appointment_of(config, service, new_start),
        occupied=occupied_of(config, service, new_start),
    )
    await uow.booking.save(moved, now)
    return moved
