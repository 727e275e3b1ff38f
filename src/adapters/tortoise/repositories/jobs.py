"""JobRepository and BroadcastRepository on Tortoise, in SQL of their own.

The statements are the ones ``docs/jobs.md`` describes: a unique key is enforced by the
UNIQUE ``unique_key`` column (``INSERT … ON CONFLICT DO NOTHING``, never check-then-insert),
which a cancel frees by moving the key to ``cancelled_key``; every state change is one
guarded ``UPDATE … RETURNING``. SQL is written once with ``?`` placeholders (numbered for
PostgreSQL); datetimes are TIMESTAMPTZ on PostgreSQL and fixed-format UTC ISO text on
SQLite, so text order is time order there (see :class:`adapters.tortoise.ledger.sql.Session`).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from adapters.tortoise.database import Dialect
from adapters.tortoise.ledger.sql import Session
from sleeplab_core.jobs.broadcast import (
    Broadcast,
    BroadcastId,
    BroadcastState,
    Delivery,
    DeliveryState,
)
from sleeplab_core.jobs.errors import JobNotCancellable, JobNotFound, JobNotRetryable
from sleeplab_core.jobs.model import Job, JobId, JobState, NewJob
from sleeplab_core.kernel.users import UserId

_JOB_FIELDS = [
    "id",
    "kind",
    "payload",
    "run_at",
    "next_attempt_at",
    "state",
    "attempts",
    "max_attempts",
    "user_id",
    "last_error",
    "lease_owner",
    "lease_expires_at",
    "created_at",
    "updated_at",
    "finished_at",
]


def job_columns(table: str = "") -> str:
    """The select list of a :class:`Job`, its columns qualified with ``table`` if given.

    A cancelled job's key lives in ``cancelled_key`` (cancelling frees ``unique_key``); the
    job still shows it, as the in-memory store does.
    """
    prefix = f"{table}." if table else ""
    key = f"COALESCE({prefix}unique_key, {prefix}cancelled_key) AS unique_key"
    return ", ".join([*(f"{prefix}{field}" for field in _JOB_FIELDS), key])


JOB_COLUMNS = job_columns()
CANCELLABLE = "('scheduled', 'running', 'failed')"
RECIPIENTS_PER_INSERT = 500  # well below SQLite's and PostgreSQL's parameter limits
# A cancel racing with an enqueue can free the key between the insert and the look-up.
ENQUEUE_ATTEMPTS = 3

_INSERT_JOB = f"""
INSERT INTO jobs (kind, payload, run_at, next_attempt_at, state, attempts, max_attempts,
                  unique_key, user_id, created_at, updated_at)
VALUES (?, ?, ?, ?, 'scheduled', 0, ?, ?, ?, ?, ?)
ON CONFLICT (unique_key) DO NOTHING
RETURNING {JOB_COLUMNS}"""

_CANCEL = f"""
UPDATE jobs SET state = 'cancelled', cancelled_key = unique_key, unique_key = NULL,
                lease_owner = NULL, lease_expires_at = NULL, updated_at = ?, finished_at = ?
WHERE {{where}} RETURNING {JOB_COLUMNS}"""

_RETRY = f"""
UPDATE jobs SET state = 'scheduled', attempts = 0, next_attempt_at = ?, updated_at = ?,
                finished_at = NULL
WHERE id = ? AND state = 'failed' RETURNING {JOB_COLUMNS}"""


def dialect_of_connection(connection: BaseDBAsyncClient) -> Dialect:
    """The SQL dialect of a Tortoise client or transaction."""
    return "postgres" if connection.capabilities.dialect == "postgres" else "sqlite"


def session_of(connection: BaseDBAsyncClient) -> Session:
    return Session(connection, dialect_of_connection(connection))


def payload_param(payload: dict[str, Any]) -> str:
    """A payload as a parameter: asyncpg takes JSONB as JSON text; SQLite stores the text."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False)


def job_from_row(row: dict[str, Any]) -> Job:
    """A :class:`Job` from a row of ``jobs`` (either dialect)."""
    payload = row["payload"]
    opt = Session.read_optional_time
    return Job(
        id=int(row["id"]),
        kind=row["kind"],
        payload=json.loads(payload) if isinstance(payload, str | bytes) else dict(payload),
        run_at=Session.read_time(row["run_at"]),
        next_attempt_at=Session.read_time(row["next_attempt_at"]),
        state=JobState(row["state"]),
        attempts=int(row["attempts"]),
        max_attempts=int(row["max_attempts"]),
        created_at=Session.read_time(row["created_at"]),
        updated_at=Session.read_time(row["updated_at"]),
        unique_key=row["unique_key"],
        user_id=None if row["user_id"] is None else int(row["user_id"]),
        last_error=row["last_error"],
        lease_owner=row["lease_owner"],
        lease_expires_at=opt(row["lease_expires_at"]),
        finished_at=opt(row["finished_at"]),
    )


def queue_ordered(jobs: list[Job]) -> list[Job]:
    """``jobs`` by next attempt then id (``RETURNING`` promises no order)."""
    return sorted(jobs, key=lambda job: (job.next_attempt_at, job.id))


async def job_state(session: Session, job_id: JobId) -> JobState | None:
    rows = await session.rows("SELECT state FROM jobs WHERE id = ?", job_id)
    return JobState(rows[0]["state"]) if rows else None


class TortoiseJobRepository:
    """Jobs in the ``jobs`` table, inside the unit of work's transaction."""

    def __init__(self, connection: BaseDBAsyncClient) -> None:
        self._sql = session_of(connection)

    async def enqueue(self, new: NewJob, now: datetime) -> Job:
        t = self._sql.time
        for _ in range(ENQUEUE_ATTEMPTS):
            inserted = await self._sql.rows(
                _INSERT_JOB,
                new.kind,
                payload_param(new.payload),
                t(new.run_at),
                t(new.run_at),
                new.max_attempts,
                new.unique_key,
                new.user_id,
                t(now),
                t(now),
            )
            if inserted:
                return job_from_row(inserted[0])
            assert new.unique_key is not None  # only a held key makes the insert do nothing
            holder = await self.find_by_key(new.unique_key)
            if holder is not None:
                return holder
        raise RuntimeError(f"enqueue of key {new.unique_key!r} kept racing with cancels")

    async def get(self, job_id: JobId) -> Job | None:
        rows = await self._sql.rows(f"SELECT {JOB_COLUMNS} FROM jobs WHERE id = ?", job_id)
        return job_from_row(rows[0]) if rows else None

    async def find_by_key(self, unique_key: str) -> Job | None:
        rows = await self._sql.rows(
            f"SELECT {JOB_COLUMNS} FROM jobs WHERE unique_key = ?",
            unique_key,
        )
        return job_from_row(rows[0]) if rows else None

    async def cancel(self, job_id: JobId, now: datetime) -> Job:
        where = f"id = ? AND state IN {CANCELLABLE}"
        t = self._sql.time
        rows = await self._sql.rows(_CANCEL.format(where=where), t(now), t(now), job_id)
        if rows:
            return job_from_row(rows[0])
        job = await self.get(job_id)
        if job is None:
            raise JobNotFound(job_id)
        if job.state is JobState.CANCELLED:
            return job
        raise JobNotCancellable(job_id, job.state)

    async def cancel_by_key(self, unique_key: str, now: datetime) -> Job | None:
        where = "unique_key = ? AND state IN ('scheduled', 'running')"
        t = self._sql.time
        rows = await self._sql.rows(_CANCEL.format(where=where), t(now), t(now), unique_key)
        return job_from_row(rows[0]) if rows else None

    async def retry(self, job_id: JobId, now: datetime) -> Job:
        t = self._sql.time
        rows = await self._sql.rows(_RETRY, t(now), t(now), job_id)
        if rows:
            return job_from_row(rows[0])
        state = await job_state(self._sql, job_id)
        if state is None:
            raise JobNotFound(job_id)
        raise JobNotRetryable(job_id, state)

    async def list(
        self,
        *,
        states: Collection[JobState] | None = None,
        kind: str | None = None,
        user_id: UserId | None = None,
        limit: int = 100,
    ) -> list[Job]:
        conditions: list[str] = []
        params: list[Any] = []
        if states is not None:
            if not states:
                return []
            conditions.append(f"state IN ({', '.join('?' for _ in states)})")
            params.extend(JobState(state).value for state in states)
        if kind is not None:
            conditions.append("kind = ?")
            params.append(kind)
        if user_id is not None:
            conditions.append("user_id = ?")
            params.append(user_id)
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        sql = f"SELECT {JOB_COLUMNS} FROM jobs {where} ORDER BY next_attempt_at, id LIMIT ?"
        rows = await self._sql.rows(sql, *params, limit)
        return [job_from_row(row) for row in rows]

    async def forget_user(self, user_id: UserId, now: datetime) -> int:
        where = f"user_id = ? AND state IN {CANCELLABLE}"
        t = self._sql.time
        await self._sql.rows(_CANCEL.format(where=where), t(now), t(now), user_id)
        rows = await self._sql.rows(
            "UPDATE jobs SET user_id = NULL, payload = ?, unique_key = NULL, cancelled_key = NULL"
            " WHERE user_id = ? RETURNING id",
            payload_param({}),
            user_id,
        )
        return len(rows)


BROADCAST_COLUMNS = (
    "id, segment, text_key, created_by, created_at, state, total, sent, blocked, failed,"
    " unconfirmed, finished_at"
)
DELIVERY_COLUMNS = "broadcast_id, user_id, state, updated_at, error"


def broadcast_from_row(row: dict[str, Any]) -> Broadcast:
    return Broadcast(
        id=int(row["id"]),
        segment=row["segment"],
        text_key=row["text_key"],
        created_by=row["created_by"],
        created_at=Session.read_time(row["created_at"]),
        state=BroadcastState(row["state"]),
        total=int(row["total"]),
        sent=int(row["sent"]),
        blocked=int(row["blocked"]),
        failed=int(row["failed"]),
        unconfirmed=int(row["unconfirmed"]),
        finished_at=Session.read_optional_time(row["finished_at"]),
    )


def delivery_from_row(row: dict[str, Any]) -> Delivery:
    return Delivery(
        broadcast_id=int(row["broadcast_id"]),
        user_id=int(row["user_id"]),
        state=DeliveryState(row["state"]),
        updated_at=Session.read_time(row["updated_at"]),
        error=row["error"],
    )


class TortoiseBroadcastRepository:
    """Broadcasts in ``broadcasts``, one delivery per (broadcast, user) in
    ``broadcast_deliveries``, inside the unit of work's transaction."""

    def __init__(self, connection: BaseDBAsyncClient) -> None:
        self._sql = session_of(connection)

    async def create(
        self, segment: str, text_key: str, created_by: str, now: datetime
    ) -> Broadcast:
        rows = await self._sql.rows(
            "INSERT INTO broadcasts (segment, text_key, created_by, created_at, state, total,"
            " sent, blocked, failed, unconfirmed) VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, 0)"
            f" RETURNING {BROADCAST_COLUMNS}",
            segment,
            text_key,
            created_by,
            self._sql.time(now),
            BroadcastState.CREATED.value,
        )
        return broadcast_from_row(rows[0])

    async def get(self, broadcast_id: BroadcastId) -> Broadcast | None:
        rows = await self._sql.rows(
            f"SELECT {BROADCAST_COLUMNS} FROM broadcasts WHERE id = ?", broadcast_id
        )
        return broadcast_from_row(rows[0]) if rows else None

    async def save(self, broadcast: Broadcast) -> None:
        b = broadcast
        await self._sql.rows(
            "UPDATE broadcasts SET segment = ?, text_key = ?, created_by = ?, created_at = ?,"
            " state = ?, total = ?, sent = ?, blocked = ?, failed = ?, unconfirmed = ?,"
            " finished_at = ? WHERE id = ? RETURNING id",
            b.segment,
            b.text_key,
            b.created_by,
            self._sql.time(b.created_at),
            b.state.value,
            b.total,
            b.sent,
            b.blocked,
            b.failed,
            b.unconfirmed,
            self._sql.time(b.finished_at),
            b.id,
        )

    async def add_recipients(
        self, broadcast_id: BroadcastId, user_ids: Sequence[UserId], now: datetime
    ) -> int:
        added = 0
        when = self._sql.time(now)
        for start in range(0, len(user_ids), RECIPIENTS_PER_INSERT):
            chunk = user_ids[start : start + RECIPIENTS_PER_INSERT]
            values = ", ".join("(?, ?, 'pending', ?)" for _ in chunk)
            params = [p for user_id in chunk for p in (broadcast_id, user_id, when)]
            rows = await self._sql.rows(
                f"INSERT INTO broadcast_deliveries (broadcast_id, user_id, state, updated_at)"
                f" VALUES {values} ON CONFLICT (broadcast_id, user_id) DO NOTHING"
                " RETURNING user_id",
                *params,
            )
            added += len(rows)
        return added

    async def deliveries(
        self,
        broadcast_id: BroadcastId,
        *,
        states: Collection[DeliveryState] | None = None,
        limit: int | None = None,
    ) -> list[Delivery]:
        sql = f"SELECT {DELIVERY_COLUMNS} FROM broadcast_deliveries WHERE broadcast_id = ?"
        params: list[Any] = [broadcast_id]
        if states is not None:
            if not states:
                return []
            sql += f" AND state IN ({', '.join('?' for _ in states)})"
            params.extend(DeliveryState(state).value for state in states)
        sql += " ORDER BY user_id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [delivery_from_row(row) for row in await self._sql.rows(sql, *params)]

    async def start_delivery(
        self, broadcast_id: BroadcastId, user_id: UserId, now: datetime
    ) -> bool:
        # Compare-and-set: of concurrent starters, the row lock lets exactly one through.
        rows = await self._sql.rows(
            "UPDATE broadcast_deliveries SET state = 'sending', updated_at = ?"
            " WHERE broadcast_id = ? AND user_id = ? AND state = 'pending' RETURNING user_id",
            self._sql.time(now),
            broadcast_id,
            user_id,
        )
        return bool(rows)

    async def save_delivery(self, delivery: Delivery) -> None:
        await self._sql.rows(
            "UPDATE broadcast_deliveries SET state = ?, updated_at = ?, error = ?"
            " WHERE broadcast_id = ? AND user_id = ? RETURNING user_id",
            delivery.state.value,
            self._sql.time(delivery.updated_at),
            delivery.error,
            delivery.broadcast_id,
            delivery.user_id,
        )

    async def for_user(self, user_id: UserId) -> list[Delivery]:
        rows = await self._sql.rows(
            f"SELECT {DELIVERY_COLUMNS} FROM broadcast_deliveries WHERE user_id = ?"
            " ORDER BY broadcast_id",
            user_id,
        )
        return [delivery_from_row(row) for row in rows]

    async def delete_user(self, user_id: UserId) -> None:
        await self._sql.rows(
            "DELETE FROM broadcast_deliveries WHERE user_id = ? RETURNING user_id", user_id
        )
