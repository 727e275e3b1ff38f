"""Copy a booking's current state to the spreadsheet, through the outbox."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import attrs

from sleeplab_core.booking.config import SalonConfig
from sleeplab_core.booking.model import Booking
from sleeplab_core.booking.ports import BookingJobsUnitOfWork
from sleeplab_core.booking.sheets import SheetRow, sheet_row
from sleeplab_core.jobs.model import JobId, JobState, NewJob
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


BATCH_LIMIT = 500
"""Bookings copied by one run at most (one read, one batchUpdate, an append per worksheet:
a few of Google's 60 writes a minute per user, however many bookings changed)."""


@attrs.frozen(kw_only=True)
class SheetBatch:
    rows: list[SheetRow]
    covered: list[JobId]
    """The other due copy jobs whose bookings these rows carry (done once they are written)."""


async def sheet_batch(
    uow: BookingJobsUnitOfWork, config: SalonConfig, booking_id: str, now: datetime
) -> SheetBatch:
    """The rows of this booking and of every booking another due copy job waits for, read
    in one transaction (the sheet is written after it, outside any transaction)."""
    due = [
        job
        for job in await uow.jobs.list(
            states=[JobState.SCHEDULED], kind=SHEET_JOB_KIND, limit=BATCH_LIMIT
        )
        if job.run_at <= now
    ]
    wanted = list(dict.fromkeys([booking_id, *(str(j.payload["booking_id"]) for j in due)]))
    rows = []
    for each in wanted:
        booking = await uow.booking.get(each)
        if booking is not None and booking.project_id == config.id:
            rows.append(sheet_row(config, booking))
    return SheetBatch(rows=rows, covered=[job.id for job in due])


async def finish_sheet_batch(
    uow: BookingJobsUnitOfWork, covered: Sequence[JobId], now: datetime
) -> int:
    """Retire the covered copy jobs still waiting (their rows are in the sheet); a job
    another worker took meanwhile is left to run (the upsert makes it harmless)."""
    covered_ids = set(covered)
    waiting = await uow.jobs.list(
        states=[JobState.SCHEDULED], kind=SHEET_JOB_KIND, limit=BATCH_LIMIT
    )
    done = 0
    for job in waiting:
        if job.id in covered_ids:
            await uow.jobs.cancel(job.id, now)
            done += 1
    return done
