"""The user's progress: streak, strength, level and insights, all as of their local today."""

from __future__ import annotations

import attrs

from sleeplab_core.coaching.days import lived_days, local_day
from sleeplab_core.coaching.errors import NotOnboarded
from sleeplab_core.coaching.insights import insights
from sleeplab_core.coaching.levels import Level, level_for, points_for
from sleeplab_core.coaching.ports import CoachingUnitOfWork
from sleeplab_core.coaching.streaks import Streak, compute_streak
from sleeplab_core.coaching.strength import as_percent, habit_strength
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.i18n import Message
from sleeplab_core.kernel.users import UserId


@attrs.frozen
class Progress:
    streak: Streak
    strength: int
    level: Level
    insights: tuple[Message, ...]


async def progress(uow: CoachingUnitOfWork, clock: Clock, user_id: UserId) -> Progress:
    """Raises NotOnboarded."""
    profile = await uow.coaching.profile(user_id)
    if profile is None:
        raise NotOnboarded()
    now = clock.now()
    today = local_day(now, profile.time_zone, profile.day_start_hour)
    days = lived_days(profile.zones, now, profile.day_start_hour)
    checked = await uow.coaching.check_in_days(user_id)
    paused = {day for day in {*days, *checked} if profile.paused_on(day)}
    streak = compute_streak(days, checked, paused, today)
    strength = as_percent(habit_strength(days, checked, paused, today))
    level = level_for(points_for(len(checked), streak.weeks))
    found = insights(streak, strength, today, profile.paused_on(today))
    return Progress(streak, strength, level, tuple(found))
