"""Hold a slot for a client for a short time while they confirm."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import attrs

from sleeplab_core.booking.availability import appointment_of, check_start, occupied_of
from sleeplab_core.booking.busy import busy_by_specialist, local_days_window
from sleeplab_core.booking.config import SalonConfig
from sleeplab_core.booking.model import Booking, BookingStatus
from sleeplab_core.booking.ports import BookingUnitOfWork
from sleeplab_core.kernel.clock import Clock


@attrs.frozen
class SlotRequest:
    """A client asking for one start with one specialist."""

    client_id: str
    service_id: str
    specialist_id: str
    start: datetime
    client_name: str = ""


async def hold_slot(
    uow: BookingUnitOfWork, clock: Clock, config: SalonConfig, request: SlotRequest
) -> Booking:
    """Hold the slot for ``config.hold_minutes``; it occupies the specialist until it lapses.

    Raises:
        SlotUnavailable: the engine does not offer that start (hours, notice, grid…).
        SlotTaken: someone else holds or booked an overlapping time.
    """
    now = clock.now()
    booking = await new_booking(uow, config, request, now, BookingStatus.HELD)
    await uow.booking.add(booking, now)
    return booking


async def new_booking(
    uow: BookingUnitOfWork,
    config: SalonConfig,
    request: SlotRequest,
    now: datetime,
    status: BookingStatus,
) -> Booking:
    """A booking for ``request`` after checking the engine offers its start."""
    await check_offered(uow, config, request, now)
    service = config.service(request.service_id)
    lapses = now + timedelta(minutes=config.hold_minutes)
    return Booking(
        id=uuid.uuid4().hex,
        project_id=config.id,
        specialist_id=request.specialist_id,
        service_id=request.service_id,
        client_id=request.client_id,
        client_name=request.client_name,
        appointment=appointment_of(config, service, request.start),
        occupied=occupied_of(config, service, request.start),
        status=status,
        created_at=now,
        hold_expires_at=lapses if status is BookingStatus.HELD else None,
    )


async def check_offered(
    uow: BookingUnitOfWork,
    config: SalonConfig,
    request: SlotRequest,
    now: datetime,
    *,
    ignoring: str | None = None,
) -> None:
    """Raise :class:`SlotUnavailable` unless the engine offers the requested start now."""
    day = request.start.astimezone(config.zone).date()
    window = local_days_window(config, day, day)
    busy = await busy_by_specialist(
        uow, config, [request.specialist_id], window, now, ignoring=ignoring
    )
    check_start(
        config, request.service_id, request.specialist_id, request.start,
        busy.get(request.specialist_id, []), now,
    )  # fmt: skip
