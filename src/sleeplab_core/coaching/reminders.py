"""When the next reminder fires: the user's wall-clock time, in their zone, outside quiet hours.

Stored as a local time plus an IANA zone, never as a UTC instant: when the zone changes the
next instant is simply computed again. In a daylight-saving gap (02:30 on a spring-forward
night) the reminder fires when the clocks jump; in a repeated hour it fires once, at the
earlier occurrence. No reminder on a day that already has a check-in or is paused; a snooze
moves it by a fixed step, at most ``max_snoozes`` times a day.

A goal without updates (no check-in, no edit) gets a nudge at the same wall-clock time
``STALE_AFTER_DAYS`` local days after its last update, again after as many more days, at most
``STALE_NUDGES`` times (a day that is not a chosen reminder weekday moves to the next one);
then it stays quiet until it is updated. A paused day gets none.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from datetime import date, datetime, time, timedelta

import attrs

from sleeplab_core.coaching.days import first_instant_at, local_day
from sleeplab_core.jobs.quiet_hours import QuietHours, next_allowed_send, zone
from sleeplab_core.kernel.errors import ValidationFailed

#: How far ahead to look for a day that is neither done nor paused.
LOOKAHEAD_DAYS = 400
#: Local days without an update before a goal's first nudge (and between nudges).
STALE_AFTER_DAYS = 7
#: Nudges about one quiet goal before the coach stops asking.
STALE_NUDGES = 3


@attrs.frozen
class ReminderPlan:
    """A user's reminder preferences."""

    at: time
    time_zone: str
    quiet: QuietHours = attrs.field(factory=QuietHours)
    day_start_hour: int = 0
    max_snoozes: int = 3
    snooze_step: timedelta = timedelta(hours=1)
    #: The weekdays (0 is Monday) of the local days that get the daily reminder.
    weekdays: frozenset[int] = frozenset(range(7))


def parse_wall_time(text: str) -> time:
    """``"HH:MM"`` (or ``"H"``) as a wall-clock time. Raises ValidationFailed ("25:00")."""
    hours, _, minutes = text.strip().partition(":")
    if not hours.isdigit() or (minutes and not minutes.isdigit()):
        raise ValidationFailed("write the time as HH:MM, e.g. 08:30", field="time")
    hour, minute = int(hours), int(minutes or 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValidationFailed("hours run 00–23 and minutes 00–59", field="time")
    return time(hour, minute)


def next_reminder(
    now: datetime,
    plan: ReminderPlan,
    *,
    done: Collection[date] = (),
    paused: Collection[date] = (),
) -> datetime | None:
    """The first instant after ``now`` to remind the user, in UTC (None: nothing ahead).

    Days in ``done`` (already checked in) and ``paused``, and days whose weekday is not in
    ``plan.weekdays``, get no reminder. An instant in quiet hours moves to their end.
    """
    for instant, day in _slots(now, plan):
        if day not in done and day not in paused and day.weekday() in plan.weekdays:
            return instant
    return None


def _slots(now: datetime, plan: ReminderPlan) -> Iterator[tuple[datetime, date]]:
    """Each day's reminder instant after ``now`` (wall time, gap end, quiet-hours end) with
    the user's local day it falls on, in order, for LOOKAHEAD_DAYS days."""
    tz = zone(plan.time_zone)
    first = now.astimezone(tz).date() - timedelta(days=1)
    for offset in range(LOOKAHEAD_DAYS):
        wall = datetime.combine(first + timedelta(days=offset), plan.at, tzinfo=tz)
        instant = next_allowed_send(first_instant_at(wall, tz), plan.time_zone, plan.quiet)
        if instant > now:
            yield instant, local_day(instant, plan.time_zone, plan.day_start_hour)


def goal_due_days(
    last: date,
    *,
    after_days: int = STALE_AFTER_DAYS,
    nudges: int = STALE_NUDGES,
    weekdays: Collection[int] = range(7),
) -> set[date]:
    """The local days a goal last updated on ``last`` is due a nudge: ``after_days``·k days
    later, k = 1..``nudges``, each moved to the next chosen weekday when it is not one."""
    allowed = set(weekdays) or set(range(7))
    due = set()
    for k in range(1, nudges + 1):
        day = last + timedelta(days=after_days * k)
        while day.weekday() not in allowed:
            day += timedelta(days=1)
        due.add(day)
    return due


def stale_goals_on(
    day: date,
    last_updates: Mapping[str, date],
    *,
    after_days: int = STALE_AFTER_DAYS,
    nudges: int = STALE_NUDGES,
    weekdays: Collection[int] = range(7),
) -> tuple[str, ...]:
    """The goals whose nudge falls on local ``day`` (see :func:`goal_due_days`), in the
    order of ``last_updates``."""
    return tuple(
        goal
        for goal, last in last_updates.items()
        if day in goal_due_days(last, after_days=after_days, nudges=nudges, weekdays=weekdays)
    )


def next_goal_nudge(
    now: datetime,
    plan: ReminderPlan,
    last_updates: Mapping[str, date],
    *,
    paused: Collection[date] = (),
    after_days: int = STALE_AFTER_DAYS,
    nudges: int = STALE_NUDGES,
) -> datetime | None:
    """The first instant after ``now`` to nudge about a goal without updates (None: none).

    ``last_updates`` maps each active goal to the local day of its last check-in or edit.
    The nudge comes at the reminder's wall-clock time on a day :func:`stale_goals_on` names
    (on the plan's weekdays), unless the day is paused, outside quiet hours.
    """
    due: set[date] = set()
    for last in last_updates.values():
        due |= goal_due_days(last, after_days=after_days, nudges=nudges, weekdays=plan.weekdays)
    due -= set(paused)
    if not due:
        return None
    last_due = max(due)
    for instant, day in _slots(now, plan):
        if day > last_due:
            return None
        if day in due:
            return instant
    return None


def snooze(now: datetime, plan: ReminderPlan, snoozed_today: int) -> datetime | None:
    """When a snoozed reminder comes back, or None once ``max_snoozes`` is used up."""
    if snoozed_today >= plan.max_snoozes:
        return None
    return next_allowed_send(now + plan.snooze_step, plan.time_zone, plan.quiet)
