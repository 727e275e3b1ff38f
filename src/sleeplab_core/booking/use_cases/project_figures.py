"""Figures an operator asks for: bookings, clients, waitlist, dialogues, the salon's jobs."""

from __future__ import annotations

import attrs

from sleeplab_core.booking.config import SalonConfig
from sleeplab_core.booking.model import ACTIVE, ProjectFigures
from sleeplab_core.booking.ports import BookingJobsUnitOfWork
from sleeplab_core.jobs.model import JobState

#: The job kinds the salon enqueues (reminders, waitlist offers, bursts, compression).
SALON_JOB_PREFIX = "salon."
QUEUE_SCAN_LIMIT = 10_000


@attrs.frozen
class ProjectStats:
    figures: ProjectFigures
    active_bookings: int  # held or confirmed


async def project_stats(uow: BookingJobsUnitOfWork, config: SalonConfig) -> ProjectStats:
    figures = await uow.booking.figures(config.id)
    return ProjectStats(figures, sum(figures.by_status[status.value] for status in ACTIVE))


async def queue_figures(uow: BookingJobsUnitOfWork) -> dict[str, dict[str, int]]:
    """The salon's jobs per kind and state (scheduled, running, failed…)."""
    counts: dict[str, dict[str, int]] = {}
    for job in await uow.jobs.list(limit=QUEUE_SCAN_LIMIT):
        if job.kind.startswith(SALON_JOB_PREFIX):
            per_state = counts.setdefault(job.kind, {state.value: 0 for state in JobState})
            per_state[job.state.value] += 1
    return counts
