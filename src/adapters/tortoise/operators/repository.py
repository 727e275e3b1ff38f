"""``OperatorRepository`` in hand-written SQL, bound to one open transaction."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from adapters.tortoise.database import Dialect
from sleeplab_core.operators.model import AuditEntry, LoginAttempt, Operator, Role, TextOverride


class SqlOperators:
    def __init__(self, connection: Any, dialect: Dialect) -> None:
        self._db = connection
        self._dialect = dialect

    def _sql(self, sql: str) -> str:
        """``?`` placeholders as the dialect wants them (``$1, $2…`` on PostgreSQL)."""
        if self._dialect == "sqlite":
            return sql
        parts = sql.split("?")
        return "".join(f"{part}${i}" for i, part in enumerate(parts[:-1], 1)) + parts[-1]

    def _time(self, value: datetime) -> Any:
        return value.astimezone(UTC).isoformat() if self._dialect == "sqlite" else value

    async def _rows(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = await self._db.execute_query_dict(self._sql(sql), params or [])
        return rows

    async def get(self, username: str) -> Operator | None:
        rows = await self._rows("SELECT * FROM operators WHERE username = ?", [username])
        return _operator(rows[0]) if rows else None

    async def add(self, operator: Operator) -> bool:
        rows = await self._rows(
            "INSERT INTO operators (username, role, password_hash, active, created_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING RETURNING username",
            [
                operator.username,
                operator.role.value,
                operator.password_hash,
                operator.active,
                self._time(operator.created_at),
            ],
        )
        return bool(rows)

    async def save(self, operator: Operator) -> None:
        await self._rows(
            "UPDATE operators SET role = ?, password_hash = ?, active = ? WHERE username = ?",
            [operator.role.value, operator.password_hash, operator.active, operator.username],
        )

    async def all(self) -> list[Operator]:
        return [_operator(r) for r in await self._rows("SELECT * FROM operators ORDER BY username")]

    async def record_attempt(self, attempt: LoginAttempt) -> None:
        await self._rows(
            "INSERT INTO operator_login_attempts (username, address, at, succeeded) "
            "VALUES (?, ?, ?, ?)",
            [attempt.username, attempt.address, self._time(attempt.at), attempt.succeeded],
        )

    async def failures_since(
        self, since: datetime, *, username: str | None = None, address: str | None = None
    ) -> int:
        sql = "SELECT COUNT(*) AS n FROM operator_login_attempts WHERE NOT succeeded AND at >= ?"
        params: list[Any] = [self._time(since)]
        if username is not None:
            sql += " AND username = ?"
            params.append(username)
        if address is not None:
            sql += " AND address = ?"
            params.append(address)
        rows = await self._rows(sql, params)
        return int(rows[0]["n"])

    async def audit(self, entry: AuditEntry) -> None:
        await self._rows(
            "INSERT INTO operator_audit (at, operator, action, target, detail) "
            "VALUES (?, ?, ?, ?, ?)",
            [self._time(entry.at), entry.operator, entry.action, entry.target, entry.detail],
        )

    async def audit_log(self, limit: int = 100) -> list[AuditEntry]:
        rows = await self._rows("SELECT * FROM operator_audit ORDER BY id DESC LIMIT ?", [limit])
        return [
            AuditEntry(
                at=_aware(r["at"]),
                operator=r["operator"],
                action=r["action"],
                target=r["target"],
                detail=r["detail"],
            )
            for r in rows
        ]

    async def put_text_override(self, override: TextOverride) -> None:
        await self._rows(
            "INSERT INTO operator_text_overrides (bot, locale, key, text, changed_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (bot, locale, key) "
            "DO UPDATE SET text = excluded.text, changed_at = excluded.changed_at",
            [
                override.bot,
                override.locale,
                override.key,
                override.text,
                self._time(override.changed_at),
            ],
        )

    async def drop_text_override(self, bot: str, locale: str, key: str) -> bool:
        rows = await self._rows(
            "DELETE FROM operator_text_overrides WHERE bot = ? AND locale = ? AND key = ? "
            "RETURNING key",
            [bot, locale, key],
        )
        return bool(rows)

    async def text_overrides(self, bot: str) -> list[TextOverride]:
        rows = await self._rows(
            "SELECT * FROM operator_text_overrides WHERE bot = ? ORDER BY locale, key", [bot]
        )
        return [
            TextOverride(
                bot=r["bot"],
                locale=r["locale"],
                key=r["key"],
                text=r["text"],
                changed_at=_aware(r["changed_at"]),
            )
            for r in rows
        ]


def _aware(value: Any) -> datetime:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _operator(row: dict[str, Any]) -> Operator:
    return Operator(
        username=row["username"],
        role=Role(row["role"]),
        password_hash=row["password_hash"],
        active=bool(row["active"]),
        created_at=_aware(row["created_at"]),
    )
