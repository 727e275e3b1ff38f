"""Turn a client's hold into a confirmed booking."""

from __future__ import annotations

import attrs

from sleeplab_core.booking.config import SalonConfig
from sleeplab_core.booking.errors import BookingNotFound, InvalidTransition
from sleeplab_core.booking.model import Booking, BookingStatus
from sleeplab_core.booking.ports import BookingUnitOfWork
from sleeplab_core.booking.use_cases.hold_slot import SlotRequest, check_offered
from sleeplab_core.kernel.clock import Clock


async def confirm_hold(
    uow: BookingUnitOfWork, clock: Clock, config: SalonConfig, booking_id: str, client_id: str
) -> Booking:
    """Confirm the hold; a lapsed hold is confirmed only if its slot is still offered.

    Raises:
        BookingNotFound: no such booking of this client.
        InvalidTransition: it is not a hold (already confirmed, cancelled…).
        SlotUnavailable, SlotTaken: the hold lapsed and its slot is gone meanwhile.
    """
    now = clock.now()
    held = await uow.booking.get(booking_id)
    if held is None or held.client_id != client_id or held.project_id != config.id:
        raise BookingNotFound(booking_id)
    if held.status not in (BookingStatus.HELD, BookingStatus.EXPIRED):
        raise InvalidTransition(f"a {held.status} booking cannot be confirmed")
    if not held.occupies(now):
        request = SlotRequest(client_id, held.service_id, held.specialist_id, held.start)
        await check_offered(uow, config, request, now, ignoring=held.id)
    confirmed = attrs.evolve(held, status=BookingStatus.CONFIRMED, hold_expires_at=None)
    await uow.booking.save(confirmed, now)
    return confirmed
