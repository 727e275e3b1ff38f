"""Weekly and monthly reviews: the last 7 (or 30) local days in numbers, sent at 19:00 local
time on Sunday (or on the 1st of the month).

One ``coach.weekly`` job per user and ISO week (``coach:weekly:<user>:<year>-W<week>``) and one
``coach.monthly`` job per user and month (``coach:monthly:<user>:<year>-<month>``), planned at
onboarding and again after each review.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta

import attrs

from sleeplab_core.coaching.days import first_instant_at, lived_days, local_day
from sleeplab_core.coaching.errors import NotOnboarded
from sleeplab_core.coaching.model import Profile
from sleeplab_core.coaching.ports import CoachingUnitOfWork
from sleeplab_core.coaching.strength import as_percent, habit_strength
from sleeplab_core.coaching.use_cases.progress import Progress, progress
from sleeplab_core.jobs.model import NewJob
from sleeplab_core.jobs.quiet_hours import next_allowed_send, zone
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.users import UserId

WEEKLY_JOB_KIND = "coach.weekly"
MONTHLY_JOB_KIND = "coach.monthly"
WEEK, MONTH = 7, 30
REVIEW_AT = time(19, 0)
SUNDAY = 6


@attrs.frozen
class WeeklyReview:
    """The last ``span`` local days: how many had a check-in, the coach's states, progress, and
    per day (date, checked, strength %) for the chart, oldest first."""

    days_checked: int
    states: dict[str, int]
    progress: Progress
    days: tuple[tuple[date, bool, int], ...] = ()

    @property
    def span(self) -> int:
        return len(self.days)


async def weekly_review(
    uow: CoachingUnitOfWork, clock: Clock, user_id: UserId, span: int = WEEK
) -> WeeklyReview:
    """Raises NotOnboarded."""
    profile = await uow.coaching.profile(user_id)
    if profile is None:
        raise NotOnboarded()
    today = local_day(clock.now(), profile.time_zone, profile.day_start_hour)
    week_ago = today - timedelta(days=span - 1)
    days = {c.day for c in await uow.coaching.check_ins(user_id, since=week_ago)}
    since = clock.now() - timedelta(days=span)
    sessions = [s for s in await uow.coaching.sessions(user_id, limit=500) if s.at >= since]
    states = Counter(s.state.value for s in sessions)
    lived = lived_days(profile.zones, clock.now(), profile.day_start_hour)
    every = await uow.coaching.check_in_days(user_id)
    paused = {day for day in {*lived, *every} if profile.paused_on(day)}
    marks = tuple(
        (day, day in every, as_percent(habit_strength(lived, every, paused, day)))
        for day in (week_ago + timedelta(days=n) for n in range(span))
    )
    return WeeklyReview(len(days), dict(states), await progress(uow, clock, user_id), marks)


async def plan_weekly_review(uow: CoachingUnitOfWork, clock: Clock, profile: Profile) -> datetime:
    """Enqueue the review for the coming Sunday 19:00 local time (outside quiet hours)."""
    now = clock.now()
    tz = zone(profile.time_zone)
    local = now.astimezone(tz).date()
    sunday = local + timedelta(days=(SUNDAY - local.weekday()) % 7)
    instant = _at(sunday, profile)
    if instant <= now:
        instant = _at(sunday + timedelta(days=7), profile)
    year, week, _ = instant.astimezone(tz).isocalendar()
    await uow.jobs.enqueue(
        NewJob(
            kind=WEEKLY_JOB_KIND,
            payload={"user_id": profile.user_id},
            run_at=instant,
            unique_key=f"coach:weekly:{profile.user_id}:{year}-W{week:02d}",
            user_id=profile.user_id,
        ),
        now,
    )
    return instant


async def plan_monthly_review(uow: CoachingUnitOfWork, clock: Clock, profile: Profile) -> datetime:
    """Enqueue the review for the coming 1st of a month, 19:00 local time."""
    now = clock.now()
    local = now.astimezone(zone(profile.time_zone)).date()
    first = local.replace(day=1)
    instant = _at(first, profile)
    if instant <= now:
        first = (first + timedelta(days=32)).replace(day=1)
        instant = _at(first, profile)
    await uow.jobs.enqueue(
        NewJob(
            kind=MONTHLY_JOB_KIND,
            payload={"user_id": profile.user_id},
            run_at=instant,
            unique_key=f"coach:monthly:{profile.user_id}:{first.year}-{first.month:02d}",
            user_id=profile.user_id,
        ),
        now,
    )
    return instant


def _at(day: date, profile: Profile) -> datetime:
    tz = zone(profile.time_zone)
    wall = datetime.combine(day, REVIEW_AT, tzinfo=tz)
    return next_allowed_send(first_instant_at(wall, tz), profile.time_zone, profile.quiet)
