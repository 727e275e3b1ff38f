"""Points and levels.

Points: :data:`CHECK_IN_POINTS` for each day with a check-in, plus :data:`WEEK_BONUS` every
seventh day of a streak. Levels follow Habitica's curve: leaving level ``n`` takes
``to_next(n) = round((0.25·n² + 10·n + 139.75) / 10) · 10`` points (150 from level 1, 160
from level 2, …), so early levels come quickly and later ones grow gently.
"""

from __future__ import annotations

import attrs

CHECK_IN_POINTS = 10
WEEK_BONUS = 20


def to_next(level: int) -> int:
    """Points needed to go from ``level`` to ``level + 1``."""
    return int(round((0.25 * level * level + 10 * level + 139.75) / 10) * 10)


@attrs.frozen
class Level:
    """A level and the progress inside it."""

    level: int
    into: int
    needed: int


def level_for(points: int) -> Level:
    """The level ``points`` reach (level 1 at 0 points)."""
    level, remaining = 1, max(0, points)
    while remaining >= to_next(level):
        remaining -= to_next(level)
        level += 1
    return Level(level, remaining, to_next(level))


def points_for(check_in_days: int, streak_weeks: int) -> int:
    """Points for ``check_in_days`` check-in days and ``streak_weeks`` 7-day streak marks."""
    return CHECK_IN_POINTS * check_in_days + WEEK_BONUS * streak_weeks
