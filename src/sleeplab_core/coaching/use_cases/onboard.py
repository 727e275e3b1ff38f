"""Finish onboarding: store the profile and the first goal, plan the first reminder."""

from __future__ import annotations

import uuid
from datetime import datetime, time

import attrs

from sleeplab_core.coaching.days import ZonePeriod, check_day_start
from sleeplab_core.coaching.model import EVERY_DAY, Goal, GoalStatus, Horizon, Profile
from sleeplab_core.coaching.ports import CoachingUnitOfWork
from sleeplab_core.coaching.use_cases.remind import plan_next_reminder
from sleeplab_core.coaching.use_cases.weekly import plan_monthly_review, plan_weekly_review
from sleeplab_core.jobs.quiet_hours import QuietHours, zone
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.kernel.users import UserId


@attrs.frozen
class OnboardingAnswers:
    goal: str
    areas: tuple[str, ...]
    horizon: Horizon
    motivation: str
    energy: int
    time_zone: str
    reminder_at: time | None
    quiet: QuietHours
    day_start_hour: int = 0
    reminder_days: tuple[int, ...] = EVERY_DAY


async def onboard(
    uow: CoachingUnitOfWork, clock: Clock, user_id: UserId, answers: OnboardingAnswers
) -> Profile:
    """Store what onboarding collected (replacing an earlier profile, keeping its history).

    Raises:
        ValidationFailed: an answer breaks a rule (energy outside 1–5, unknown zone…).
    """
    if not 1 <= answers.energy <= 5:
        raise ValidationFailed("energy runs from 1 to 5", field="energy")
    zone(answers.time_zone)
    check_day_start(answers.day_start_hour)
    days = tuple(sorted(set(answers.reminder_days)))
    if not days or any(not 0 <= day <= 6 for day in days):
        raise ValidationFailed("remind on at least one weekday, 0–6", field="often")
    now = clock.now()
    earlier = await uow.coaching.profile(user_id)
    profile = Profile(
        user_id=user_id,
        areas=answers.areas,
        horizon=answers.horizon,
        motivation=answers.motivation.strip(),
        energy=answers.energy,
        time_zone=answers.time_zone,
        reminder_at=answers.reminder_at,
        quiet=answers.quiet,
        created_at=earlier.created_at if earlier else now,
        day_start_hour=answers.day_start_hour,
        zones=_zones(earlier, now, answers.time_zone),
        pauses=earlier.pauses if earlier else (),
        reminder_days=days,
    )
    await uow.coaching.save_profile(profile)
    if answers.goal.strip():
        title = answers.goal.strip()[:200]
        await uow.coaching.add_goal(
            Goal(uuid.uuid4().hex, user_id, title, GoalStatus.ACTIVE, now, now)
        )
    await plan_next_reminder(uow, clock, profile)
    await plan_weekly_review(uow, clock, profile)
    await plan_monthly_review(uow, clock, profile)
    return profile


def _zones(earlier: Profile | None, now: datetime, time_zone: str) -> tuple[ZonePeriod, ...]:
    if earlier is None:
        return (ZonePeriod(now, time_zone),)
    if earlier.time_zone == time_zone:
        return earlier.zones
    return (*earlier.zones, ZonePeriod(now, time_zone))
