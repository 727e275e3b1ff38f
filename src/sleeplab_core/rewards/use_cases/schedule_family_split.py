"""Keep the weekly family split on the worker's schedule (a durable job per week).

Each run's job carries its period and a unique key (``steps-family-split:<first>:<last>``),
so scheduling it again — from every family created or joined, from the run before it, from
several processes — keeps one job per week. The worker's handler pays the week through
:func:`split_all_families` (each family once, by ledger key) and schedules the next week.
"""

from __future__ import annotations

from datetime import datetime

from sleeplab_core.jobs.model import Job, NewJob
from sleeplab_core.jobs.ports import JobRepository
from sleeplab_core.rewards.config import RewardsRules
from sleeplab_core.rewards.family_schedule import SplitRun, next_run

FAMILY_SPLIT_JOB_KIND = "steps.family.split"
MAX_ATTEMPTS = 20


async def schedule_family_split(
    jobs: JobRepository, rules: RewardsRules, after: datetime, now: datetime
) -> Job:
    """Enqueue the first split due after ``after`` (a no-op when it is already queued)."""
    run = next_run(after, rules.family_split)
    return await jobs.enqueue(split_job(run), now)


def split_job(run: SplitRun) -> NewJob:
    return NewJob(
        kind=FAMILY_SPLIT_JOB_KIND,
        payload={"first_day": run.first_day.isoformat(), "last_day": run.last_day.isoformat()},
        run_at=run.run_at,
        unique_key=run.key,
        max_attempts=MAX_ATTEMPTS,
    )
