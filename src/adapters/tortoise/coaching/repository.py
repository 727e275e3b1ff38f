"""CoachingRepository in hand-written SQL over the unit of work's open transaction."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from adapters.tortoise.coaching.codec import Values, profile_from_json, profile_to_json
from sleeplab_core.coaching.model import (
    CheckIn,
    CoachState,
    Goal,
    GoalStatus,
    MediaKind,
    MediaRef,
    Profile,
    Session,
)
from sleeplab_core.kernel.errors import Conflict, NotFound
from sleeplab_core.kernel.users import UserId


class SqlCoachingRepository:
    """Uniqueness (ids, one check-in per user, goal and day) comes from constraints."""

    def __init__(self, connection: Any, dialect: str) -> None:
        self._db = connection
        self._v = Values(dialect)

    async def _rows(self, statement: str, *params: Any) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = await self._db.execute_query_dict(
            self._v.sql(statement), list(params)
        )
        return rows

    async def _run(self, statement: str, *params: Any) -> None:
        await self._db.execute_query(self._v.sql(statement), list(params))

    async def _insert(self, what: str, statement: str, *params: Any) -> None:
        # DO NOTHING keeps the transaction usable on PostgreSQL, where a failed INSERT
        # would abort it; no row back means a unique key was already taken.
        rows = await self._rows(f"{statement} ON CONFLICT DO NOTHING RETURNING id", *params)
        if not rows:
            raise Conflict(f"{what} exists")

    async def profile(self, user_id: UserId) -> Profile | None:
        rows = await self._rows("SELECT data FROM coach_profiles WHERE user_id = ?", user_id)
        return profile_from_json(user_id, rows[0]["data"]) if rows else None

    async def save_profile(self, profile: Profile) -> None:
        await self._run(
            "INSERT INTO coach_profiles (user_id, data) VALUES (?, ?) "
            "ON CONFLICT (user_id) DO UPDATE SET data = excluded.data",
            profile.user_id,
            profile_to_json(profile),
        )

    async def add_goal(self, goal: Goal) -> None:
        await self._insert(
            "goal",
            "INSERT INTO coach_goals (id, user_id, title, status, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            goal.id,
            goal.user_id,
            goal.title,
            goal.status.value,
            self._v.instant(goal.created_at),
            self._v.instant(goal.updated_at),
        )

    async def save_goal(self, goal: Goal) -> None:
        rows = await self._rows(
            "UPDATE coach_goals SET title = ?, status = ?, updated_at = ? "
            "WHERE id = ? AND user_id = ? RETURNING id",
            goal.title,
            goal.status.value,
            self._v.instant(goal.updated_at),
            goal.id,
            goal.user_id,
        )
        if not rows:
            raise NotFound(f"goal {goal.id!r}")

    async def goal(self, user_id: UserId, goal_id: str) -> Goal | None:
        rows = await self._rows(
            "SELECT * FROM coach_goals WHERE id = ? AND user_id = ?", goal_id, user_id
        )
        return self._goal(rows[0]) if rows else None

    async def goals(self, user_id: UserId) -> list[Goal]:
        rows = await self._rows(
            "SELECT * FROM coach_goals WHERE user_id = ? ORDER BY created_at, id", user_id
        )
        return [self._goal(row) for row in rows]

    def _goal(self, row: dict[str, Any]) -> Goal:
        return Goal(
            id=row["id"],
            user_id=row["user_id"],
            title=row["title"],
            status=GoalStatus(row["status"]),
            created_at=self._v.read_instant(row["created_at"]),
            updated_at=self._v.read_instant(row["updated_at"]),
        )

    async def add_media(self, media: MediaRef) -> None:
        await self._insert(
            "media",
            "INSERT INTO coach_media (id, user_id, kind, file_key, mime_type, size, created_at, "
            "goal_id, check_in_id, transcript) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            media.id,
            media.user_id,
            media.kind.value,
            media.key,
            media.mime_type,
            media.size,
            self._v.instant(media.created_at),
            media.goal_id,
            media.check_in_id,
            media.transcript,
        )

    async def media(self, user_id: UserId, goal_id: str | None = None) -> list[MediaRef]:
        if goal_id is None:
            rows = await self._rows(
                "SELECT * FROM coach_media WHERE user_id = ? ORDER BY created_at, id", user_id
            )
        else:
            rows = await self._rows(
                "SELECT * FROM coach_media WHERE user_id = ? AND goal_id = ? "
                "ORDER BY created_at, id",
                user_id,
                goal_id,
            )
        return [self._media(row) for row in rows]

    async def delete_media(self, user_id: UserId, media_id: str) -> MediaRef | None:
        rows = await self._rows(
            "DELETE FROM coach_media WHERE id = ? AND user_id = ? RETURNING *", media_id, user_id
        )
        return self._media(rows[0]) if rows else None

    def _media(self, row: dict[str, Any]) -> MediaRef:
        return MediaRef(
            id=row["id"],
            user_id=row["user_id"],
            kind=MediaKind(row["kind"]),
            key=row["file_key"],
            mime_type=row["mime_type"],
            size=row["size"],
            created_at=self._v.read_instant(row["created_at"]),
            goal_id=row["goal_id"],
            check_in_id=row["check_in_id"],
            transcript=row["transcript"],
        )

    async def save_check_in(self, check_in: CheckIn) -> CheckIn:
        rows = await self._rows(
            "INSERT INTO coach_check_ins (id, user_id, goal_id, day, at, happened, obstacles, "
            "went_well) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (user_id, goal_id, day) DO UPDATE SET at = excluded.at, "
            "happened = excluded.happened, obstacles = excluded.obstacles, "
            "went_well = excluded.went_well RETURNING id",
            check_in.id,
            check_in.user_id,
            check_in.goal_id,
            self._v.day(check_in.day),
            self._v.instant(check_in.at),
            check_in.happened,
            check_in.obstacles,
            check_in.went_well,
        )
        return CheckIn(
            id=rows[0]["id"],
            user_id=check_in.user_id,
            goal_id=check_in.goal_id,
            day=check_in.day,
            at=check_in.at,
            happened=check_in.happened,
            obstacles=check_in.obstacles,
            went_well=check_in.went_well,
        )

    async def check_ins(
        self, user_id: UserId, since: date | None = None, limit: int | None = None
    ) -> list[CheckIn]:
        if limit is not None and limit <= 0:
            return []
        since_value = self._v.day(since or date.min)
        statement = (
            "SELECT * FROM coach_check_ins WHERE user_id = ? AND day >= ? "
            "ORDER BY day DESC, at DESC, id DESC"
        )
        params: list[Any] = [user_id, since_value]
        if limit is not None:
            statement += " LIMIT ?"
            params.append(limit)
        rows = await self._rows(statement, *params)
        return [self._check_in(row) for row in reversed(rows)]

    def _check_in(self, row: dict[str, Any]) -> CheckIn:
        return CheckIn(
            id=row["id"],
            user_id=row["user_id"],
            goal_id=row["goal_id"],
            day=self._v.read_day(row["day"]),
            at=self._v.read_instant(row["at"]),
            happened=row["happened"],
            obstacles=row["obstacles"],
            went_well=row["went_well"],
        )

    async def check_in_days(self, user_id: UserId) -> set[date]:
        rows = await self._rows(
            "SELECT DISTINCT day FROM coach_check_ins WHERE user_id = ?", user_id
        )
        return {self._v.read_day(row["day"]) for row in rows}

    async def add_session(self, session: Session) -> None:
        await self._insert(
            "session",
            "INSERT INTO coach_sessions (id, user_id, at, state, steps, questions, check_in_id, "
            "provider, fallback) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            session.id,
            session.user_id,
            self._v.instant(session.at),
            session.state.value,
            json.dumps(list(session.steps), ensure_ascii=False),
            json.dumps(list(session.questions), ensure_ascii=False),
            session.check_in_id,
            session.provider,
            self._v.flag(session.fallback),
        )

    async def sessions(self, user_id: UserId, limit: int = 20) -> list[Session]:
        if limit <= 0:
            return []
        rows = await self._rows(
            "SELECT * FROM coach_sessions WHERE user_id = ? ORDER BY at DESC, id DESC LIMIT ?",
            user_id,
            limit,
        )
        return [self._session(row) for row in reversed(rows)]

    def _session(self, row: dict[str, Any]) -> Session:
        return Session(
            id=row["id"],
            user_id=row["user_id"],
            at=self._v.read_instant(row["at"]),
            state=CoachState(row["state"]),
            steps=tuple(json.loads(row["steps"])),
            questions=tuple(json.loads(row["questions"])),
            check_in_id=row["check_in_id"],
            provider=row["provider"],
            fallback=bool(row["fallback"]),
        )

    async def delete_user(self, user_id: UserId) -> list[str]:
        keys = [m.key for m in await self.media(user_id)]
        for table in ("coach_profiles", "coach_goals", "coach_media", "coach_check_ins"):
            await self._run(f"DELETE FROM {table} WHERE user_id = ?", user_id)
        await self._run("DELETE FROM coach_sessions WHERE user_id = ?", user_id)
        return keys
