"""Reading busy time from storage for the engine (shared by the use cases)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sleeplab_core.booking.config import SalonConfig
from sleeplab_core.booking.model import Interval
from sleeplab_core.booking.ports import BookingUnitOfWork
from sleeplab_core.booking.schedule import local_instant


def local_days_window(config: SalonConfig, first_day: date, last_day: date) -> Interval:
    """From local midnight of ``first_day`` to the end of ``last_day``, padded by a day."""
    zone = config.zone
    start = local_instant(first_day, 0, zone) - timedelta(days=1)
    return Interval(start, local_instant(last_day, 24 * 60, zone) + timedelta(days=1))


async def busy_by_specialist(
    uow: BookingUnitOfWork,
    config: SalonConfig,
    specialist_ids: Sequence[str],
    window: Interval,
    now: datetime,
    *,
    ignoring: str | None = None,
) -> dict[str, list[Interval]]:
    """Occupied intervals per specialist in ``window``, leaving out booking ``ignoring``:
    occupying bookings (buffers included) and the blocks staff typed into the sheet."""
    found: dict[str, list[Interval]] = {specialist: [] for specialist in specialist_ids}
    for booking in await uow.booking.occupying(config.id, specialist_ids, window, now):
        if booking.id != ignoring:
            found[booking.specialist_id].append(booking.occupied)
    for block in await uow.booking.blocks(config.id, specialist_ids, window):
        found[block.specialist_id].append(block.interval)
    return found
