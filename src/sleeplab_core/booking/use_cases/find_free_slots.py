"""Find the free slots a client's query allows."""

from __future__ import annotations

from sleeplab_core.booking.availability import SlotQuery, find_slots
from sleeplab_core.booking.busy import busy_by_specialist, local_days_window
from sleeplab_core.booking.config import SalonConfig
from sleeplab_core.booking.model import Slot
from sleeplab_core.booking.ports import BookingUnitOfWork
from sleeplab_core.kernel.clock import Clock


async def find_free_slots(
    uow: BookingUnitOfWork, clock: Clock, config: SalonConfig, query: SlotQuery
) -> list[Slot]:
    """Offered slots for ``query`` given what is booked and held now."""
    now = clock.now()
    specialists = [s.id for s in config.specialists_for(query.service_id)]
    window = local_days_window(config, query.first_day, query.last_day)
    busy = await busy_by_specialist(uow, config, specialists, window, now)
    return find_slots(config, query, busy, now)
