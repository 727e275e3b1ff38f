"""When the next reminder fires: the user's wall-clock time, in their zone, outside quiet hours.

Stored as a local time plus an IANA zone, never as a UTC instant: when the zone changes the
next instant is simply computed again. In a daylight-saving gap (02:30 on a spring-forward
night) the reminder fires when the clocks jump; in a repeated hour it fires once, at the
earlier occurrence. No reminder on a day that already has a check-in or is paused; a snooze
moves it by a fixed step, at most ``max_snoozes`` times a day.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, time, timedelta

import attrs

from sleeplab_core.coaching.days import first_instant_at, local_day
from sleeplab_core.jobs.quiet_hours import QuietHours, next_allowed_send, zone
from sleeplab_core.kernel.errors import ValidationFailed

#: How far ahead to look for a day that is neither done nor paused.
LOOKAHEAD_DAYS = 400


@attrs.frozen
class ReminderPlan:
    """A user's reminder preferences."""

    at: time
    time_zone: str
    quiet: QuietHours = attrs.field(factory=QuietHours)
    day_start_hour: int = 0
    max_snoozes: int = 3
    snooze_step: timedelta = timedelta(hours=1)


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

    Days in ``done`` (already checked in) and ``paused`` get no reminder. An instant in quiet
    hours moves to their end.
    """
    tz = zone(plan.time_zone)
    first = now.astimezone(tz).date() - timedelta(days=1)
    for offset in range(LOOKAHEAD_DAYS):
        wall = datetime.combine(first + timedelta(days=offset), plan.at, tzinfo=tz)
        instant = next_allowed_send(first_instant_at(wall, tz), plan.time_zone, plan.quiet)
        day = local_day(instant, plan.time_zone, plan.day_start_hour)
        if instant > now and day not in done and day not in paused:
            return instant
    return None


def snooze(now: datetime, plan: ReminderPlan, snoozed_today: int) -> datetime | None:
    """When a snoozed reminder comes back, or None once ``max_snoozes`` is used up."""
    if snoozed_today >= plan.max_snoozes:
        return None
    return next_allowed_send(now + plan.snooze_step, plan.time_zone, plan.quiet)
