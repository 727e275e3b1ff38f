"""Copy a booking's current state to the spreadsheet, through the outbox."""

from __future__ import annotations

from sleeplab_core.booking.config import SalonConfig
from sleeplab_core.booking.model import Booking
from sleeplab_core.booking.ports import BookingJobsUnitOfWork
from sleeplab_core.booking.sheets import CalendarSync, sheet_row
from sleeplab_core.jobs.model import NewJob
from sleeplab_core.kernel.clock import Clock

SHEET_JOB_KIND = "salon.sheet"
SHEET_ATTEMPTS = 50  # an outage of hours still converges (backoff grows to hours)


async def queue_sheet_copy(uow: BookingJobsUnitOfWork, clock: Clock, booking: Booking) -> None:
    """Enqueue the copy of this version of the booking (same transaction as the change)."""
    version = f"{booking.status.value}:{int(booking.start.timestamp())}:{booking.specialist_id}"
    await uow.jobs.enqueue(
        NewJob(
            kind=SHEET_JOB_KIND,
            payload={"booking_id": booking.id},
            run_at=clock.now(),
            unique_key=f"{SHEET_JOB_KIND}:{booking.id}:{version}",
            max_attempts=SHEET_ATTEMPTS,
        ),
        clock.now(),
    )


async def copy_to_sheet(
    uow: BookingJobsUnitOfWork, sync: CalendarSync, config: SalonConfig, booking_id: str
) -> bool:
    """Write the booking's row as it is now (a later job may already have done so: the
    upsert makes that harmless). Returns False for a booking that no longer exists.

    Raises:
        SyncUnavailable: the sheet refused or is down; the job is retried.
    """
    booking = await uow.booking.get(booking_id)
    if booking is None or booking.project_id != config.id:
        return False
    await sync.upsert([sheet_row(config, booking)])
    return True
