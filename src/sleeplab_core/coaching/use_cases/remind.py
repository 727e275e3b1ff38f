"""Reminder jobs: the next one at the user's wall-clock time, re-planned after each change.

One ``coach.remind`` job per user is pending at a time; a new plan cancels the pending one
first (in the same transaction), so a zone change or a check-in moves it rather than adding
one. The key ``coach:remind:<user>:<local date>`` allows at most one reminder per local day.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sleeplab_core.coaching.days import local_day
from sleeplab_core.coaching.model import Profile
from sleeplab_core.coaching.ports import CoachingUnitOfWork
from sleeplab_core.coaching.reminders import ReminderPlan, next_reminder
from sleeplab_core.jobs.model import JobState, NewJob
from sleeplab_core.kernel.clock import Clock

REMIND_JOB_KIND = "coach.remind"
PAUSE_LOOKAHEAD_DAYS = 60


def reminder_key(user_id: int, day: date) -> str:
    return f"coach:remind:{user_id}:{day.isoformat()}"


async def plan_next_reminder(
    uow: CoachingUnitOfWork, clock: Clock, profile: Profile
) -> datetime | None:
    """Replace the user's pending reminder by the next one (None: reminders are off)."""
    now = clock.now()
    pending = await uow.jobs.list(
        states=[JobState.SCHEDULED], kind=REMIND_JOB_KIND, user_id=profile.user_id
    )
    for job in pending:
        await uow.jobs.cancel(job.id, now)
    if profile.reminder_at is None:
        return None
    plan = ReminderPlan(
        profile.reminder_at, profile.time_zone, profile.quiet, profile.day_start_hour
    )
    today = local_day(now, profile.time_zone, profile.day_start_hour)
    days = await uow.coaching.check_in_days(profile.user_id)
    paused = {
        today + timedelta(days=offset)
        for offset in range(PAUSE_LOOKAHEAD_DAYS)
        if profile.paused_on(today + timedelta(days=offset))
    }
    instant = next_reminder(now, plan, done=days, paused=paused)
    if instant is None:
        return None
    await uow.jobs.enqueue(
        NewJob(
            kind=REMIND_JOB_KIND,
            payload={"user_id": profile.user_id},
            run_at=instant,
            unique_key=reminder_key(
                profile.user_id, local_day(instant, profile.time_zone, profile.day_start_hour)
            ),
            user_id=profile.user_id,
        ),
        now,
    )
    return instant
