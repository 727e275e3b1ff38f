"""Book a slot straight away (an operator, the web API): a confirmed booking."""

from __future__ import annotations

from sleeplab_core.booking.config import SalonConfig
from sleeplab_core.booking.model import Booking, BookingStatus
from sleeplab_core.booking.ports import BookingUnitOfWork
from sleeplab_core.booking.use_cases.hold_slot import SlotRequest, new_booking
from sleeplab_core.kernel.clock import Clock


async def book_slot(
    uow: BookingUnitOfWork, clock: Clock, config: SalonConfig, request: SlotRequest
) -> Booking:
    """Book ``request`` as confirmed.

    Raises:
        SlotUnavailable: the engine does not offer that start.
        SlotTaken: an overlapping booking or hold exists (decided by the store).
    """
    now = clock.now()
    booking = await new_booking(uow, config, request, now, BookingStatus.CONFIRMED)
    await uow.booking.add(booking, now)
    return booking
