"""Reminder jobs: the next one at the user's wall-clock time, re-planned after each change.

One ``coach.remind`` job per user is pending at a time; a new plan cancels the pending one
first (in the same transaction), so a zone change or a check-in moves it rather than adding
one. The key ``coach:remind:<user>:<local date>`` allows at most one reminder per local day.

Beside it, one ``coach.goal_nudge`` job per user is pending for the next day a goal without
updates is due a nudge (``coach:goals:<user>:<local date>``), re-planned with the reminder and
after every goal edit. A nudge on a day the daily reminder goes out is folded into it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sleeplab_core.coaching.days import local_day
from sleeplab_core.coaching.model import Goal, GoalStatus, Profile
from sleeplab_core.coaching.ports import CoachingUnitOfWork
from sleeplab_core.coaching.reminders import (
    STALE_AFTER_DAYS,
    STALE_NUDGES,
    ReminderPlan,
    next_goal_nudge,
    next_reminder,
    stale_goals_on,
)
from sleeplab_core.jobs.model import JobState, NewJob
from sleeplab_core.kernel.clock import Clock

REMIND_JOB_KIND = "coach.remind"
GOAL_NUDGE_JOB_KIND = "coach.goal_nudge"
PAUSE_LOOKAHEAD_DAYS = 60


def reminder_key(user_id: int, day: date) -> str:
    return f"coach:remind:{user_id}:{day.isoformat()}"


async def plan_next_reminder(
    uow: CoachingUnitOfWork, clock: Clock, profile: Profile
) -> datetime | None:
    """Replace the user's pending reminder by the next one (None: reminders are off), and
    the pending nudge about goals without updates."""
    await plan_goal_nudge(uow, clock, profile)
    now = clock.now()
    pending = await uow.jobs.list(
        states=[JobState.SCHEDULED], kind=REMIND_JOB_KIND, user_id=profile.user_id
    )
    for job in pending:
        await uow.jobs.cancel(job.id, now)
    if profile.reminder_at is None:
        return None
    plan = ReminderPlan(
        profile.reminder_at,
        profile.time_zone,
        profile.quiet,
        profile.day_start_hour,
        weekdays=frozenset(profile.reminder_days),
    )
    days = await uow.coaching.check_in_days(profile.user_id)
    instant = next_reminder(now, plan, done=days, paused=_paused_ahead(profile, now))
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


def _paused_ahead(profile: Profile, now: datetime) -> set[date]:
    today = local_day(now, profile.time_zone, profile.day_start_hour)
    ahead = (today + timedelta(days=offset) for offset in range(PAUSE_LOOKAHEAD_DAYS))
    return {day for day in ahead if profile.paused_on(day)}


def goal_nudge_key(user_id: int, day: date) -> str:
    return f"coach:goals:{user_id}:{day.isoformat()}"


async def last_updates(uow: CoachingUnitOfWork, profile: Profile, today: date) -> dict[str, date]:
    """Each active goal's last update as a local day: its latest check-in, or the day it was
    created or last edited, whichever is later (oldest goal first)."""
    goals = [g for g in await uow.coaching.goals(profile.user_id) if g.status is GoalStatus.ACTIVE]
    found = {
        goal.id: local_day(goal.updated_at, profile.time_zone, profile.day_start_hour)
        for goal in goals
    }
    since = today - timedelta(days=STALE_AFTER_DAYS * STALE_NUDGES + 1)
    for check_in in await uow.coaching.check_ins(profile.user_id, since=since):
        if check_in.goal_id in found:
            found[check_in.goal_id] = max(found[check_in.goal_id], check_in.day)
    return found


async def plan_goal_nudge(
    uow: CoachingUnitOfWork, clock: Clock, profile: Profile
) -> datetime | None:
    """Replace the pending nudge about goals without updates by the next one (None: no goal
    is due one, or reminders are off). A snoozed nudge stays: it re-checks when it runs."""
    now = clock.now()
    pending = await uow.jobs.list(
        states=[JobState.SCHEDULED], kind=GOAL_NUDGE_JOB_KIND, user_id=profile.user_id
    )
    for job in pending:
        if (job.unique_key or "").startswith("coach:goals:"):
            await uow.jobs.cancel(job.id, now)
    if profile.reminder_at is None:
        return None
    plan = ReminderPlan(
        profile.reminder_at,
        profile.time_zone,
        profile.quiet,
        profile.day_start_hour,
        weekdays=frozenset(profile.reminder_days),
    )
    today = local_day(now, profile.time_zone, profile.day_start_hour)
    updates = await last_updates(uow, profile, today)
    instant = next_goal_nudge(now, plan, updates, paused=_paused_ahead(profile, now))
    if instant is None:
        return None
    day = local_day(instant, profile.time_zone, profile.day_start_hour)
    await uow.jobs.enqueue(
        NewJob(
            kind=GOAL_NUDGE_JOB_KIND,
            payload={"user_id": profile.user_id},
            run_at=instant,
            unique_key=goal_nudge_key(profile.user_id, day),
            user_id=profile.user_id,
        ),
        now,
    )
    return instant


async def replan_goal_nudges(uow: CoachingUnitOfWork, clock: Clock, user_id: int) -> None:
    """After a goal changed (edit, status): move the pending nudge (no profile: nothing)."""
    profile = await uow.coaching.profile(user_id)
    if profile is not None:
        await plan_goal_nudge(uow, clock, profile)


async def quiet_goals_today(
    uow: CoachingUnitOfWork, clock: Clock, profile: Profile
) -> list[tuple[Goal, int]]:
    """The active goals due a nudge today, with their days without an update (none on a
    paused day)."""
    today = local_day(clock.now(), profile.time_zone, profile.day_start_hour)
    if profile.paused_on(today):
        return []
    updates = await last_updates(uow, profile, today)
    goals = {goal.id: goal for goal in await uow.coaching.goals(profile.user_id)}
    due = stale_goals_on(today, updates, weekdays=profile.reminder_days)
    return [(goals[g], (today - updates[g]).days) for g in due]
