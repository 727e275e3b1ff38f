"""The update intake on Tortoise: the ``intake_updates`` and ``intake_leases`` tables.

Each call is one short transaction of raw SQL, written once with ``?`` placeholders (see
:mod:`adapters.tortoise.ledger.sql`). A claim is one ``INSERT … ON CONFLICT DO UPDATE …
WHERE`` statement: on PostgreSQL the conflicting row is locked while the condition is
checked, so of two processes claiming one user exactly one gets a row back; on SQLite the
transaction holds the write lock (``BEGIN IMMEDIATE``).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from adapters.tortoise.database import Database
from adapters.tortoise.ledger.sql import Session, in_transaction
from adapters.tortoise.models.conversation import InboxRecord
from sleeplab_core.conversation.intake import StoredUpdate

_STORE = """
INSERT INTO intake_updates (bot, update_id, user_id, body, received_at, finished_at)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (bot, update_id) DO NOTHING
RETURNING id"""
_CLAIM = """
INSERT INTO intake_leases (bot, user_id, owner, expires_at) VALUES (?, ?, ?, ?)
ON CONFLICT (bot, user_id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
WHERE intake_leases.owner = excluded.owner OR intake_leases.expires_at <= ?
RETURNING user_id"""
_RELEASE = "DELETE FROM intake_leases WHERE bot = ? AND user_id = ? AND owner = ?"
_NEXT = """
SELECT update_id, user_id, body FROM intake_updates
WHERE bot = ? AND user_id = ? AND finished_at IS NULL
ORDER BY update_id LIMIT 1"""
_FINISH = """
UPDATE intake_updates SET finished_at = ?
WHERE bot = ? AND update_id = ? AND finished_at IS NULL"""
_WAITING = """
SELECT u.user_id AS user_id, MIN(u.update_id) AS first FROM intake_updates u
LEFT JOIN intake_leases l ON l.bot = u.bot AND l.user_id = u.user_id AND l.expires_at > ?
WHERE u.bot = ? AND u.finished_at IS NULL AND l.id IS NULL
GROUP BY u.user_id ORDER BY first LIMIT ?"""
_UNFINISHED = "SELECT COUNT(*) AS n FROM intake_updates WHERE bot = ? AND finished_at IS NULL"
_PRUNE = "DELETE FROM intake_updates WHERE finished_at IS NOT NULL AND received_at < ?"


CLAIM_LOCK_TIMEOUT_MS = 500
LOCK_NOT_AVAILABLE = "55P03"


def _sqlstate(error: BaseException | None) -> str | None:
    while error is not None:
        state = getattr(error, "sqlstate", None)
        if state is not None:
            return str(state)
        error = error.__cause__ or error.__context__
    return None


class TortoiseIntake:
    """:class:`~sleeplab_core.conversation.intake.UpdateIntake` in the bot's own database.

    Args:
        database: an open database (migrated: the intake tables exist).
    """

    def __init__(self, database: Database) -> None:
        self._database = database

    async def store(
        self, bot: str, update: StoredUpdate, now: datetime, *, finished: bool = False
    ) -> bool:
        body = json.dumps(dict(update.body), ensure_ascii=False, separators=(",", ":"))

        async def work(sql: Session) -> bool:
            done = sql.time(now) if finished else None
            params = (bot, update.update_id, update.user_id, body, sql.time(now), done)
            return bool(await sql.rows(_STORE, *params))

        return await in_transaction(self._database, work)

    async def claim(
        self, bot: str, user_id: int, owner: str, now: datetime, until: datetime
    ) -> bool:
        async def work(sql: Session) -> bool:
            if sql.dialect == "postgres":
                # A claimant stalled inside its own claim holds the lease row: give up at
                # once instead of tying up a pooled connection (the scan tries again).
                await sql.execute(f"SET LOCAL lock_timeout = '{CLAIM_LOCK_TIMEOUT_MS}ms'")
            params = (bot, user_id, owner, sql.time(until), sql.time(now))
            return bool(await sql.rows(_CLAIM, *params))

        try:
            return await in_transaction(self._database, work)
        except Exception as error:
            if _sqlstate(error) == LOCK_NOT_AVAILABLE:
                return False
            raise

    async def release(self, bot: str, user_id: int, owner: str) -> None:
        async def work(sql: Session) -> None:
            await sql.execute(_RELEASE, bot, user_id, owner)

        await in_transaction(self._database, work)

    async def next_update(self, bot: str, user_id: int) -> StoredUpdate | None:
        async def work(sql: Session) -> list[dict[str, Any]]:
            return await sql.rows(_NEXT, bot, user_id)

        rows = await in_transaction(self._database, work)
        if not rows:
            return None
        row = rows[0]
        body = json.loads(row["body"])
        return StoredUpdate(update_id=int(row["update_id"]), user_id=int(row["user_id"]), body=body)

    async def finish(self, bot: str, update_id: int, now: datetime) -> None:
        async def work(sql: Session) -> None:
            await sql.execute(_FINISH, sql.time(now), bot, update_id)

        await in_transaction(self._database, work)

    async def waiting_users(self, bot: str, now: datetime, limit: int) -> list[int]:
        async def work(sql: Session) -> list[dict[str, Any]]:
            return await sql.rows(_WAITING, sql.time(now), bot, limit)

        return [int(row["user_id"]) for row in await in_transaction(self._database, work)]

    async def unfinished(self, bot: str) -> int:
        async def work(sql: Session) -> list[dict[str, Any]]:
            return await sql.rows(_UNFINISHED, bot)

        rows = await in_transaction(self._database, work)
        return int(rows[0]["n"])

    async def prune(self, before: datetime) -> int:
        async def work(sql: Session) -> int:
            return await sql.execute(_PRUNE, sql.time(before))

        pruned = await in_transaction(self._database, work)
        with self._database.activate():
            await (
                InboxRecord.filter(received_at__lt=before).using_db(self._database.client).delete()
            )
        return pruned
