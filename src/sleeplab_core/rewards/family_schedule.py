"""When the weekly family split runs: a local wall-clock time, DST-correct.

The split of the week ending on local day ``D - 1`` runs on ``D`` (the schedule's weekday)
at the schedule's local time; the period is the seven local days ``D - 7 … D - 1``, so
consecutive runs pay consecutive weeks with no day twice or missed. A wall time that a DST
change skips runs at the same instant as with the offset in force before the change (an
hour later on the wall); a repeated one runs at its first occurrence.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs

from sleeplab_core.rewards.config import FamilySplitSchedule

WEEK = 7


@attrs.frozen
class SplitRun:
    """One run: due ``run_at`` (aware UTC) for the local days ``first_day … last_day``."""

    run_at: datetime
    first_day: date
    last_day: date

    @property
    def key(self) -> str:
        """The job's unique key: one run per period, however often it is scheduled."""
        return f"steps-family-split:{self.first_day.isoformat()}:{self.last_day.isoformat()}"


def run_on(day: date, schedule: FamilySplitSchedule) -> SplitRun:
    """The run due on local ``day`` (which should be the schedule's weekday)."""
    zone = ZoneInfo(schedule.zone)
    wall = datetime.combine(day, schedule.at, zone)  # fold=0: the first of a repeated hour
    return SplitRun(
        run_at=wall.astimezone(UTC),
        first_day=day - timedelta(days=WEEK),
        last_day=day - timedelta(days=1),
    )


def next_run(after: datetime, schedule: FamilySplitSchedule) -> SplitRun:
    """The first run due strictly after ``after``."""
    local_day = after.astimezone(ZoneInfo(schedule.zone)).date()
    day = local_day + timedelta(days=(schedule.weekday - local_day.isoweekday()) % WEEK)
    run = run_on(day, schedule)
    while run.run_at <= after:
        day += timedelta(days=WEEK)
        run = run_on(day, schedule)
    return run
