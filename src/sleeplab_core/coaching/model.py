"""The coaching module's values: profiles, goals, media, check-ins and coaching sessions."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum

import attrs

from sleeplab_core.coaching.days import ZonePeriod
from sleeplab_core.jobs.quiet_hours import QuietHours
from sleeplab_core.kernel.users import UserId


class Horizon(StrEnum):
    """How far ahead the user plans."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class GoalStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    COMPLETED = "completed"
    ARCHIVED = "archived"


class MediaKind(StrEnum):
    PHOTO = "photo"
    VOICE = "voice"


class CoachState(StrEnum):
    """How the coach reads the user's situation."""

    OVERLOADED = "overloaded"
    STEADY = "steady"
    STUCK = "stuck"


@attrs.frozen
class Pause:
    """A vacation or sick leave: local dates ``first``..``last`` inclusive."""

    first: date
    last: date

    def covers(self, day: date) -> bool:
        return self.first <= day <= self.last


#: Every day of the week (``date.weekday()``: 0 is Monday).
EVERY_DAY: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6)


@attrs.frozen
class Profile:
    """What onboarding collected. ``zones`` records every time-zone change (travel);
    ``reminder_days`` the weekdays of the user's local days that get the daily reminder."""

    user_id: UserId
    areas: tuple[str, ...]
    horizon: Horizon
    motivation: str
    energy: int
    time_zone: str
    reminder_at: time | None
    quiet: QuietHours
    created_at: datetime
    day_start_hour: int = 0
    zones: tuple[ZonePeriod, ...] = ()
    pauses: tuple[Pause, ...] = ()
    reminder_days: tuple[int, ...] = EVERY_DAY

    def reminds_on(self, day: date) -> bool:
        """Whether local ``day`` is one of the chosen reminder weekdays."""
        return day.weekday() in self.reminder_days

    def paused_on(self, day: date) -> bool:
        return any(pause.covers(day) for pause in self.pauses)


@attrs.frozen
class Goal:
    id: str
    user_id: UserId
    title: str
    status: GoalStatus
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class MediaRef:
    """A photo or voice note kept in the file store under ``key``; attached to a goal or a
    check-in. ``transcript`` is the (user-confirmed) text of a voice note."""

    id: str
    user_id: UserId
    kind: MediaKind
    key: str
    mime_type: str
    size: int
    created_at: datetime
    goal_id: str | None = None
    check_in_id: str | None = None
    transcript: str | None = None


@attrs.frozen
class CheckIn:
    """One check-in per (user, goal, local day); a second one the same day replaces it."""

    id: str
    user_id: UserId
    goal_id: str
    day: date
    at: datetime
    happened: str
    obstacles: str = ""
    went_well: str = ""


@attrs.frozen
class Session:
    """A coaching answer as shown: the state, 1–3 micro-steps, optional questions."""

    id: str
    user_id: UserId
    at: datetime
    state: CoachState
    steps: tuple[str, ...]
    questions: tuple[str, ...] = ()
    check_in_id: str | None = None
    provider: str = ""
    fallback: bool = False
