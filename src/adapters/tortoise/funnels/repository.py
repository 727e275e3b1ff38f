"""``FunnelRepository`` in hand-written SQL, bound to one open transaction."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from adapters.tortoise.database import Dialect
from sleeplab_core.funnels.model import FunnelEvent, StepCount


class SqlFunnels:
    def __init__(self, connection: Any, dialect: Dialect) -> None:
        self._db = connection
        self._sqlite = dialect == "sqlite"

    def _sql(self, sql: str) -> str:
        if self._sqlite:
            return sql
        parts = sql.split("?")
        return "".join(f"{part}${i}" for i, part in enumerate(parts[:-1], 1)) + parts[-1]

    def _day(self, day: date) -> Any:
        return day.isoformat() if self._sqlite else day

    async def record(self, event: FunnelEvent) -> bool:
        at = event.at.astimezone(UTC)
        rows = await self._db.execute_query_dict(
            self._sql(
                "INSERT INTO funnel_events (bot, step, user_id, day, at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (bot, step, user_id, day) DO NOTHING RETURNING user_id"
            ),
            [
                event.bot,
                event.step,
                event.user_id,
                self._day(event.day),
                at.isoformat() if self._sqlite else at,
            ],
        )
        return bool(rows)

    async def counts(self, bot: str, since: date, until: date) -> list[StepCount]:
        rows = await self._db.execute_query_dict(
            self._sql(
                "SELECT day, step, COUNT(*) AS users FROM funnel_events "
                "WHERE bot = ? AND day >= ? AND day <= ? GROUP BY day, step ORDER BY day, step"
            ),
            [bot, self._day(since), self._day(until)],
        )
        return [
            StepCount(
                date.fromisoformat(r["day"]) if isinstance(r["day"], str) else r["day"],
                r["step"],
                int(r["users"]),
            )
            for r in rows
        ]

    async def for_user(self, user_id: int) -> list[FunnelEvent]:
        rows = await self._db.execute_query_dict(
            self._sql("SELECT * FROM funnel_events WHERE user_id = ? ORDER BY day, step, bot"),
            [user_id],
        )
        return [
            FunnelEvent(
                bot=r["bot"],
                step=r["step"],
                user_id=int(r["user_id"]),
                day=date.fromisoformat(r["day"]) if isinstance(r["day"], str) else r["day"],
                at=_aware(r["at"]),
            )
            for r in rows
        ]

    async def delete_user(self, user_id: int) -> None:
        await self._db.execute_query(
            self._sql("DELETE FROM funnel_events WHERE user_id = ?"), [user_id]
        )


def _aware(value: Any) -> datetime:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
