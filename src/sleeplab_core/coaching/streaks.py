"""Streaks: consecutive local days with a check-in, protected by freezes and pauses.

The rules (see ``docs/coach.md``):

- The streak counts the days with a check-in in a row, over the days the user lived
  (:func:`~sleeplab_core.coaching.days.lived_days`), so travel never adds or erases a day.
- Today without a check-in yet is pending, never a miss: the streak is only judged for days
  that are over.
- A pause ("vacation") day is neither a success nor a miss: the streak is frozen.
- A freeze is earned for every ``earn_every`` check-ins in a row, at most ``max_freezes``
  held; a missed day uses one automatically and the streak survives (without growing).
- A missed day with no freeze left resets the streak to zero.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date

import attrs

from sleeplab_core.kernel.errors import ValidationFailed


@attrs.frozen
class StreakRules:
    """How freezes are earned and held."""

    earn_every: int = 7
    max_freezes: int = 2

    def __attrs_post_init__(self) -> None:
        if self.earn_every < 1 or self.max_freezes < 0:
            raise ValidationFailed("earn_every ≥ 1 and max_freezes ≥ 0", field="streak_rules")


@attrs.frozen
class Streak:
    """The streak as of a day.

    Attributes:
        current: check-in days in the current run (freezes and pauses do not add).
        best: the longest run so far.
        freezes: freezes held now (0..max_freezes).
        frozen_days: the missed days a freeze covered, oldest first.
        done_today: whether today already has a check-in.
        weeks: how many times a run reached a multiple of 7 days (for bonus points).
    """

    current: int = 0
    best: int = 0
    freezes: int = 0
    frozen_days: tuple[date, ...] = ()
    done_today: bool = False
    weeks: int = 0
    run_since_freeze: int = 0
    """Check-ins since the last freeze was earned (internal bookkeeping)."""


def compute_streak(
    days: Iterable[date],
    checked: Collection[date],
    paused: Collection[date],
    today: date,
    rules: StreakRules | None = None,
) -> Streak:
    """The streak over the lived ``days`` up to ``today`` (inclusive, today pending).

    Args:
        days: the local dates the user lived, in any order (check-in days are added).
        checked: local dates with at least one check-in.
        paused: local dates inside a pause.
        today: the user's current local date.
        rules: freeze rules.
    """
    rules = rules or StreakRules()
    state = Streak()
    for day in sorted({*days, *checked}):
        if day > today:
            break
        state = _step(state, day, day in checked, day in paused, day == today, rules)
    return state


def _step(
    state: Streak, day: date, checked: bool, paused: bool, is_today: bool, rules: StreakRules
) -> Streak:
    if checked:
        return _checked(state, is_today, rules)
    if paused or is_today:
        return state
    if state.freezes > 0:
        return attrs.evolve(state, freezes=state.freezes - 1, frozen_days=(*state.frozen_days, day))
    return attrs.evolve(state, current=0, run_since_freeze=0)


def _checked(state: Streak, is_today: bool, rules: StreakRules) -> Streak:
    current = state.current + 1
    run = state.run_since_freeze + 1
    freezes = state.freezes
    if run >= rules.earn_every:
        run = 0
        freezes = min(rules.max_freezes, freezes + 1)
    return attrs.evolve(
        state,
        current=current,
        best=max(state.best, current),
        freezes=freezes,
        run_since_freeze=run,
        done_today=is_today,
        weeks=state.weeks + (1 if current % 7 == 0 else 0),
    )
