"""Changes after onboarding: a new time zone (travel), a pause (vacation) or its end.

Each re-plans the pending reminder in the same transaction, so a reminder never fires at the
old zone's wall-clock time or during a pause.
"""

from __future__ import annotations

from datetime import date, timedelta

import attrs

from sleeplab_core.coaching.days import ZonePeriod, local_day
from sleeplab_core.coaching.errors import NotOnboarded
from sleeplab_core.coaching.model import Pause, Profile
from sleeplab_core.coaching.ports import CoachingUnitOfWork
from sleeplab_core.coaching.use_cases.remind import plan_next_reminder
from sleeplab_core.jobs.quiet_hours import zone
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.kernel.users import UserId

MAX_PAUSE_DAYS = 60


async def change_time_zone(
    uow: CoachingUnitOfWork, clock: Clock, user_id: UserId, time_zone: str
) -> Profile:
    """Record the move to ``time_zone`` (from now on). Raises NotOnboarded, ValidationFailed."""
    zone(time_zone)
    profile = await _profile(uow, user_id)
    if profile.time_zone == time_zone:
        return profile
    moved = attrs.evolve(
        profile,
        time_zone=time_zone,
        zones=(*profile.zones, ZonePeriod(clock.now(), time_zone)),
    )
    await uow.coaching.save_profile(moved)
    await plan_next_reminder(uow, clock, moved)
    return moved


async def pause(uow: CoachingUnitOfWork, clock: Clock, user_id: UserId, days: int) -> Pause:
    """Pause from today for ``days`` local days (1–60): the streak and strength are frozen and
    reminders are silent. Raises NotOnboarded, ValidationFailed."""
    if not 1 <= days <= MAX_PAUSE_DAYS:
        raise ValidationFailed(f"a pause lasts 1–{MAX_PAUSE_DAYS} days", field="pause")
    profile = await _profile(uow, user_id)
    today = local_day(clock.now(), profile.time_zone, profile.day_start_hour)
    added = Pause(today, today + timedelta(days=days - 1))
    paused = attrs.evolve(profile, pauses=(*profile.pauses, added))
    await uow.coaching.save_profile(paused)
    await plan_next_reminder(uow, clock, paused)
    return added


async def resume(uow: CoachingUnitOfWork, clock: Clock, user_id: UserId) -> Profile:
    """End the current pause today: tomorrow counts again. Raises NotOnboarded."""
    profile = await _profile(uow, user_id)
    today = local_day(clock.now(), profile.time_zone, profile.day_start_hour)
    pauses = tuple(p for p in (_ended(p, today) for p in profile.pauses) if p is not None)
    resumed = attrs.evolve(profile, pauses=pauses)
    await uow.coaching.save_profile(resumed)
    await plan_next_reminder(uow, clock, resumed)
    return resumed


def _ended(pause: Pause, today: date) -> Pause | None:
    """``pause`` cut to end yesterday if it covers today (gone if it began today)."""
    if not pause.covers(today):
        return pause
    if pause.first == today:
        return None
    return Pause(pause.first, today - timedelta(days=1))


async def _profile(uow: CoachingUnitOfWork, user_id: UserId) -> Profile:
    profile = await uow.coaching.profile(user_id)
    if profile is None:
        raise NotOnboarded()
    return profile
