"""Snooze: "remind me later", an hour from now (outside quiet hours), at most 3 times a local
day for the daily reminder and the nudges about quiet goals together."""

from __future__ import annotations

from datetime import datetime

from sleeplab_core.coaching.days import local_day
from sleeplab_core.coaching.errors import NotOnboarded, SnoozeLimit
from sleeplab_core.coaching.ports import CoachingUnitOfWork
from sleeplab_core.coaching.reminders import ReminderPlan, snooze
from sleeplab_core.coaching.use_cases.remind import GOAL_NUDGE_JOB_KIND, REMIND_JOB_KIND
from sleeplab_core.jobs.model import NewJob
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.users import UserId


async def snooze_reminder(
    uow: CoachingUnitOfWork, clock: Clock, user_id: UserId, kind: str = REMIND_JOB_KIND
) -> datetime:
    """Enqueue the snoozed reminder (``kind``: the daily one or a goal nudge); returns when
    it comes back.

    Raises:
        NotOnboarded; SnoozeLimit once today's snoozes are used up.
    """
    profile = await uow.coaching.profile(user_id)
    if profile is None or profile.reminder_at is None:
        raise NotOnboarded()
    now = clock.now()
    today = local_day(now, profile.time_zone, profile.day_start_hour)
    prefix = f"coach:snooze:{user_id}:{today.isoformat()}:"
    used = 0
    for snoozed in (REMIND_JOB_KIND, GOAL_NUDGE_JOB_KIND):
        jobs = await uow.jobs.list(kind=snoozed, user_id=user_id, limit=1000)
        used += sum(1 for job in jobs if (job.unique_key or "").startswith(prefix))
    plan = ReminderPlan(profile.reminder_at, profile.time_zone, profile.quiet)
    back = snooze(now, plan, used)
    if back is None:
        raise SnoozeLimit(limit=plan.max_snoozes)
    await uow.jobs.enqueue(
        NewJob(
            kind=kind,
            payload={"user_id": user_id},
            run_at=back,
            unique_key=f"{prefix}{used + 1}",
            user_id=user_id,
        ),
        now,
    )
    return back
