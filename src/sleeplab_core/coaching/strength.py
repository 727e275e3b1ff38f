"""Habit strength: a score that rises with each check-in and decays smoothly on misses.

Loop Habit Tracker's formula for a daily habit: with ``m = 0.5 ** (sqrt(f) / 13)`` and
``f = 1`` (daily), each lived day moves the score ``s ← s·m + x·(1 − m)`` where ``x`` is 1 on
a check-in day and 0 on a miss; paused days leave it unchanged. One missed day costs about
5 % of the score instead of resetting a streak to zero; 13 days without a check-in halve it.
Shown as a whole percentage beside the streak.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from datetime import date

DAILY_MULTIPLIER = 0.5 ** (math.sqrt(1.0) / 13)


def habit_strength(
    days: Iterable[date],
    checked: Collection[date],
    paused: Collection[date],
    today: date,
    multiplier: float = DAILY_MULTIPLIER,
) -> float:
    """The strength in [0, 1] after ``today`` (today counts only once it has a check-in)."""
    score = 0.0
    for day in sorted({*days, *checked}):
        if day > today or day in paused or (day == today and day not in checked):
            continue
        hit = 1.0 if day in checked else 0.0
        score = score * multiplier + hit * (1 - multiplier)
    return score


def as_percent(strength: float) -> int:
    """The strength as a whole percentage, 0–100."""
    return max(0, min(100, round(strength * 100)))
