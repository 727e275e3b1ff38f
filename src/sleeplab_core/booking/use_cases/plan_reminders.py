"""Reminders before an appointment (24 h and 2 h by default), as durable jobs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from sleeplab_core.booking.model import Booking
from sleeplab_core.booking.ports import BookingJobsUnitOfWork
from sleeplab_core.jobs.model import NewJob
from sleeplab_core.kernel.clock import Clock

REMINDER_JOB_KIND = "salon.reminder"
DEFAULT_LEADS = (timedelta(hours=24), timedelta(hours=2))


def reminder_key(booking: Booking, lead: timedelta) -> str:
    """One reminder per booking, lead and start: a moved booking gets fresh keys."""
    minutes = int(lead.total_seconds() // 60)
    return f"{REMINDER_JOB_KIND}:{booking.id}:{minutes}:{int(booking.start.timestamp())}"


async def plan_reminders(
    uow: BookingJobsUnitOfWork,
    clock: Clock,
    booking: Booking,
    leads: Sequence[timedelta] = DEFAULT_LEADS,
) -> int:
    """Enqueue the reminders still ahead of the booking's start; returns how many."""
    now, planned = clock.now(), 0
    for lead in leads:
        run_at = booking.start - lead
        if run_at <= now:
            continue
        await uow.jobs.enqueue(
            NewJob(
                kind=REMINDER_JOB_KIND,
                payload={"booking_id": booking.id, "start": booking.start.isoformat(),
                         "lead_minutes": int(lead.total_seconds() // 60)},
                run_at=run_at,
                unique_key=reminder_key(booking, lead),
                user_id=int(booking.client_id) if booking.client_id.isdigit() else None,
            ),
            now,
        )  # fmt: skip
        planned += 1
    return planned


async def drop_reminders(
    uow: BookingJobsUnitOfWork,
    clock: Clock,
    booking: Booking,
    leads: Sequence[timedelta] = DEFAULT_LEADS,
) -> None:
    """Cancel the booking's reminders for its current start (after a cancel or a move)."""
    for lead in leads:
        await uow.jobs.cancel_by_key(reminder_key(booking, lead), clock.now())


async def due_reminder(uow: BookingJobsUnitOfWork, payload: dict[str, object]) -> Booking | None:
    """The booking a reminder job is about, if it is still confirmed at the same start."""
    booking = await uow.booking.get(str(payload.get("booking_id", "")))
    if booking is None or booking.start.isoformat() != payload.get("start"):
        return None
    return booking if booking.status.value == "confirmed" else None
