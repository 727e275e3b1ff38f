"""Short insights from the streak and strength: "3 days in a row", "a freeze saved your streak".

Each insight is a :class:`~sleeplab_core.kernel.i18n.Message` of the ``coach`` catalog; the
bot renders it in the user's language.
"""

from __future__ import annotations

from datetime import date, timedelta

from sleeplab_core.coaching.streaks import Streak
from sleeplab_core.kernel.i18n import Message, msg

MIN_RUN_WORTH_SAYING = 2


def insights(
    streak: Streak, strength_percent: int, today: date, paused_today: bool
) -> list[Message]:
    """What is worth telling the user today, most encouraging first."""
    found: list[Message] = []
    if paused_today:
        found.append(msg("coach.insight.paused"))
    if streak.current >= MIN_RUN_WORTH_SAYING:
        found.append(msg("coach.insight.in_a_row", streak.current, days=streak.current))
    if streak.frozen_days and streak.frozen_days[-1] >= today - timedelta(days=1):
        found.append(msg("coach.insight.freeze_used"))
    if streak.current and streak.current == streak.best and streak.best >= MIN_RUN_WORTH_SAYING:
        found.append(msg("coach.insight.best"))
    if streak.current == 0 and streak.best > 0 and not paused_today:
        found.append(msg("coach.insight.welcome_back"))
    if streak.freezes:
        found.append(msg("coach.insight.freezes", streak.freezes))
    found.append(msg("coach.insight.strength", percent=strength_percent))
    return found
