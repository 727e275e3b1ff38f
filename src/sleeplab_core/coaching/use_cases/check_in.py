"""Record a check-in for the user's local day (or yesterday, within the grace window)."""

from __future__ import annotations

import uuid

from sleeplab_core.coaching.days import check_in_day
from sleeplab_core.coaching.errors import NotOnboarded
from sleeplab_core.coaching.model import CheckIn
from sleeplab_core.coaching.ports import CoachingUnitOfWork
from sleeplab_core.coaching.use_cases.goals import open_goal
from sleeplab_core.coaching.use_cases.remind import plan_next_reminder
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.kernel.users import UserId

GRACE_HOURS = 12
MAX_TEXT = 2000


async def record_check_in(
    uow: CoachingUnitOfWork,
    clock: Clock,
    user_id: UserId,
    goal_id: str,
    happened: str,
    obstacles: str = "",
    went_well: str = "",
    *,
    for_yesterday: bool = False,
) -> CheckIn:
    """Store the check-in (a second one the same day replaces the first) and move the
    reminder past today.

    Raises:
        NotOnboarded, GoalUnknown, GoalNotOpen (archived or completed goal),
        ValidationFailed (empty or overlong text, yesterday after the grace window).
    """
    profile = await uow.coaching.profile(user_id)
    if profile is None:
        raise NotOnboarded()
    await open_goal(uow, user_id, goal_id)
    texts = [text.strip() for text in (happened, obstacles, went_well)]
    if not texts[0] or any(len(text) > MAX_TEXT for text in texts):
        raise ValidationFailed(f"write 1–{MAX_TEXT} characters", field="check_in")
    now = clock.now()
    day = check_in_day(
        now,
        profile.time_zone,
        profile.day_start_hour,
        for_yesterday=for_yesterday,
        grace_hours=GRACE_HOURS,
    )
    stored = await uow.coaching.save_check_in(
        CheckIn(uuid.uuid4().hex, user_id, goal_id, day, now, *texts)
    )
    await plan_next_reminder(uow, clock, profile)
    return stored
