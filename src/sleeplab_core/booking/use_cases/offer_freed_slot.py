"""When a slot frees up, hold it for the first client waiting for that service and day."""

from __future__ import annotations

from datetime import date

import attrs

from sleeplab_core.booking.availability import SlotQuery
from sleeplab_core.booking.config import SalonConfig
from sleeplab_core.booking.errors import SlotTaken, SlotUnavailable
from sleeplab_core.booking.model import Booking, WaitlistEntry
from sleeplab_core.booking.ports import BookingJobsUnitOfWork
from sleeplab_core.booking.use_cases.find_free_slots import find_free_slots
from sleeplab_core.booking.use_cases.hold_slot import SlotRequest, hold_slot
from sleeplab_core.jobs.model import NewJob
from sleeplab_core.kernel.clock import Clock

WAITLIST_JOB_KIND = "salon.waitlist"


@attrs.frozen
class FreedSlotOffer:
    entry: WaitlistEntry
    hold: Booking


async def announce_freed_slot(
    uow: BookingJobsUnitOfWork, clock: Clock, config: SalonConfig, freed: Booking
) -> None:
    """Enqueue the waitlist offer for a cancelled booking's service and local day."""
    day = freed.start.astimezone(config.zone).date()
    await uow.jobs.enqueue(
        NewJob(
            kind=WAITLIST_JOB_KIND,
            payload={"service_id": freed.service_id, "day": day.isoformat()},
            run_at=clock.now(),
            unique_key=f"{WAITLIST_JOB_KIND}:{freed.id}:{freed.status.value}",
        ),
        clock.now(),
    )


async def offer_freed_slot(
    uow: BookingJobsUnitOfWork, clock: Clock, config: SalonConfig, service_id: str, day: date
) -> FreedSlotOffer | None:
    """Hold the first free slot of the day for the first waiting client it suits (FIFO),
    taking them off the waitlist; None when nobody waits or nothing is free."""
    if not config.has_service(service_id):
        return None
    for entry in await uow.booking.waiting(config.id, service_id, day):
        query = SlotQuery(service_id, day, day, entry.specialist_id)
        for slot in await find_free_slots(uow, clock, config, query):
            request = SlotRequest(entry.client_id, service_id, slot.specialist_id, slot.start)
            try:
                held = await hold_slot(uow, clock, config, request)
            except (SlotTaken, SlotUnavailable):
                continue
            await uow.booking.remove_waiting(entry.id)
            return FreedSlotOffer(entry, held)
    return None
