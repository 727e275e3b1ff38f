"""Put a client on the waitlist for a service on a day."""

from __future__ import annotations

import uuid
from datetime import date

from sleeplab_core.booking.config import SalonConfig
from sleeplab_core.booking.errors import SlotUnavailable
from sleeplab_core.booking.model import WaitlistEntry
from sleeplab_core.booking.ports import BookingUnitOfWork
from sleeplab_core.kernel.clock import Clock


async def join_waitlist(
    uow: BookingUnitOfWork,
    clock: Clock,
    config: SalonConfig,
    client_id: str,
    service_id: str,
    day: date,
    specialist_id: str | None = None,
) -> WaitlistEntry:
    """Wait for a freed slot; joining twice for the same day and service is one entry.

    Raises:
        SlotUnavailable: unknown service or specialist, or a day in the past.
    """
    now = clock.now()
    if not config.has_service(service_id):
        raise SlotUnavailable(f"unknown service {service_id!r}")
    if specialist_id is not None and not config.has_specialist(specialist_id):
        raise SlotUnavailable(f"unknown specialist {specialist_id!r}")
    if day < now.astimezone(config.zone).date():
        raise SlotUnavailable("the day is in the past")
    for entry in await uow.booking.waiting(config.id, service_id, day):
        if entry.client_id == client_id:
            return entry
    entry = WaitlistEntry(uuid.uuid4().hex, config.id, client_id, service_id, day,
                          specialist_id, now)  # fmt: skip
    await uow.booking.add_waiting(entry)
    return entry
