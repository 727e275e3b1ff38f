"""Profiles as JSON, and the values each dialect stores (SQLite: ISO text; PostgreSQL:
timestamptz and date)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from typing import Any

from sleeplab_core.coaching.days import ZonePeriod
from sleeplab_core.coaching.model import EVERY_DAY, Horizon, Pause, Profile
from sleeplab_core.jobs.quiet_hours import QuietHours


def profile_to_json(profile: Profile) -> str:
    return json.dumps(
        {
            "areas": list(profile.areas),
            "horizon": profile.horizon.value,
            "motivation": profile.motivation,
            "energy": profile.energy,
            "time_zone": profile.time_zone,
            "reminder_at": _time(profile.reminder_at),
            "quiet": [_time(profile.quiet.start), _time(profile.quiet.end)],
            "created_at": profile.created_at.isoformat(),
            "day_start_hour": profile.day_start_hour,
            "zones": [[z.since.isoformat(), z.time_zone] for z in profile.zones],
            "pauses": [[p.first.isoformat(), p.last.isoformat()] for p in profile.pauses],
            "reminder_days": list(profile.reminder_days),
        },
        ensure_ascii=False,
    )


def profile_from_json(user_id: int, text: str) -> Profile:
    data: dict[str, Any] = json.loads(text)
    quiet_start, quiet_end = data["quiet"]
    return Profile(
        user_id=user_id,
        areas=tuple(data["areas"]),
        horizon=Horizon(data["horizon"]),
        motivation=data["motivation"],
        energy=data["energy"],
        time_zone=data["time_zone"],
        reminder_at=time.fromisoformat(data["reminder_at"]) if data["reminder_at"] else None,
        quiet=QuietHours(time.fromisoformat(quiet_start), time.fromisoformat(quiet_end)),
        created_at=datetime.fromisoformat(data["created_at"]),
        day_start_hour=data["day_start_hour"],
        zones=tuple(ZonePeriod(datetime.fromisoformat(s), z) for s, z in data["zones"]),
        pauses=tuple(
            Pause(date.fromisoformat(a), date.fromisoformat(b)) for a, b in data["pauses"]
        ),
        # profiles stored before the choice of weekdays were reminded every day
        reminder_days=tuple(data.get("reminder_days", EVERY_DAY)),
    )


def _time(value: time | None) -> str | None:
    return None if value is None else value.isoformat()


class Values:
    """Converts Python values to and from one dialect's columns."""

    def __init__(self, dialect: str) -> None:
        self.sqlite = dialect == "sqlite"

    def instant(self, value: datetime) -> Any:
        # UTC ISO text sorts in time order on SQLite.
        return value.astimezone(UTC).isoformat() if self.sqlite else value

    def day(self, value: date) -> Any:
        return value.isoformat() if self.sqlite else value

    def flag(self, value: bool) -> Any:
        return int(value) if self.sqlite else value

    def read_instant(self, value: Any) -> datetime:
        return datetime.fromisoformat(value) if isinstance(value, str) else value  # type: ignore[no-any-return]

    def read_day(self, value: Any) -> date:
        return date.fromisoformat(value) if isinstance(value, str) else value  # type: ignore[no-any-return]

    def sql(self, statement: str) -> str:
        """``statement`` with ``?`` placeholders numbered ``$1, $2…`` for PostgreSQL."""
        if self.sqlite:
            return statement
        parts = statement.split("?")
        return "".join(f"{part}${n}" for n, part in enumerate(parts[:-1], start=1)) + parts[-1]
