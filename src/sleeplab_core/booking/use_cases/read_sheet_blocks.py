"""Read the blocks staff typed into the sheet back as busy time."""

from __future__ import annotations

from datetime import timedelta

import attrs

from sleeplab_core.booking.config import SalonConfig
from sleeplab_core.booking.model import Booking, Interval, StaffBlock
from sleeplab_core.booking.ports import BookingJobsUnitOfWork
from sleeplab_core.booking.sheets import READ_EVERY, CalendarSync, staff_blocks, worksheet_of
from sleeplab_core.jobs.recurring import Recurring, occurrence
from sleeplab_core.kernel.clock import Clock

SHEET_READ_JOB_KIND = "salon.sheet_read"
SheetRows = dict[str, list[tuple[str, ...]]]
SHEET_READ = Recurring(kind=SHEET_READ_JOB_KIND, every=READ_EVERY, max_attempts=3)


@attrs.frozen
class BlocksRead:
    """What one reading found: the blocks kept, rows that could not be read, and blocks
    that overlap a booking (staff and a client want the same time: the operator decides)."""

    blocks: tuple[StaffBlock, ...]
    unreadable: tuple[str, ...]
    conflicts: tuple[tuple[StaffBlock, Booking], ...]


async def read_sheet(sync: CalendarSync, config: SalonConfig) -> SheetRows:
    """Every specialist's worksheet, in one batch (call it outside a transaction).

    Raises:
        SyncUnavailable: the sheet is down or rate-limited.
    """
    return await sync.rows_of([worksheet_of(s) for s in config.specialists])


async def read_sheet_blocks(
    uow: BookingJobsUnitOfWork, clock: Clock, config: SalonConfig, rows: SheetRows
) -> BlocksRead:
    """Make the staff blocks in ``rows`` (from a day ago to the booking horizon) the
    project's busy time, find those that overlap bookings, and schedule the next reading."""
    now = clock.now()
    reading = staff_blocks(config, rows, now.astimezone(config.zone).date())
    window = Interval(now - timedelta(days=1), now + timedelta(days=config.horizon_days + 1))
    kept = tuple(b for b in reading.blocks if b.interval.overlaps(window))
    await uow.booking.replace_blocks(config.id, kept)
    specialists = sorted({b.specialist_id for b in kept})
    bookings = await uow.booking.occupying(config.id, specialists, window, now)
    conflicts = tuple(
        (block, booking)
        for block in kept
        for booking in bookings
        if booking.specialist_id == block.specialist_id
        and booking.occupied.overlaps(block.interval)
    )
    await schedule_sheet_reading(uow, clock, after=READ_EVERY)
    return BlocksRead(kept, reading.unreadable, conflicts)


async def schedule_sheet_reading(
    uow: BookingJobsUnitOfWork, clock: Clock, *, after: timedelta = timedelta(0)
) -> None:
    """Enqueue the reading of the period holding ``now + after`` (once per period)."""
    await uow.jobs.enqueue(occurrence(SHEET_READ, clock.now() + after), clock.now())
