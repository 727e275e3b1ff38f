"""The workers' side of the job store on Tortoise: each call one short transaction.

On PostgreSQL ``claim`` selects the due rows ``FOR UPDATE SKIP LOCKED`` and marks them
running under a lease in the same statement, so any number of workers (tasks or processes)
share the queue without ever taking one job twice. SQLite has no row locks: the same
statement runs inside a ``BEGIN IMMEDIATE`` transaction (the write lock is taken first),
which is correct but serialises claims — run one worker there.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from datetime import datetime, timedelta
from functools import cache
from typing import Any, TypeVar

from adapters.tortoise.database import Database
from adapters.tortoise.job_completions import Completions
from adapters.tortoise.ledger.sql import MAX_ATTEMPTS, Session, in_transaction, retryable
from adapters.tortoise.repositories.jobs import (
    JOB_COLUMNS,
    job_columns,
    job_from_row,
    job_state,
    queue_ordered,
)
from sleeplab_core.jobs.errors import JobNotFound, LeaseLost
from sleeplab_core.jobs.model import Job, JobId

T = TypeVar("T")

LEASE_EXPIRED = "lease expired: the worker stopped answering"

_CLAIMED = "state = 'running', attempts = attempts + 1, lease_owner = ?, lease_expires_at = ?,"


@cache
def _claim_sql(dialect: str, kinds: int) -> str:
    """The claim statement, for ``kinds`` kinds to keep to (0: every kind)."""
    only = f" AND kind IN ({', '.join('?' * kinds)})" if kinds else ""
    due = (
        "SELECT id FROM jobs WHERE state = 'scheduled' AND next_attempt_at <= ?"
        f"{only} ORDER BY next_attempt_at, id LIMIT ?"
    )
    if dialect == "postgres":
        return f"""
WITH due AS ({due} FOR UPDATE SKIP LOCKED)
UPDATE jobs SET {_CLAIMED} updated_at = ?
FROM due WHERE jobs.id = due.id
RETURNING {job_columns("jobs")}"""
    return f"""
UPDATE jobs SET {_CLAIMED} updated_at = ?
WHERE id IN ({due})
RETURNING {JOB_COLUMNS}"""


_HELD = "WHERE id = ? AND state = 'running' AND lease_owner = ?"
_HEARTBEAT = f"UPDATE jobs SET lease_expires_at = ?, updated_at = ? {_HELD} RETURNING {JOB_COLUMNS}"
_RELEASE = f"""
UPDATE jobs SET
    state           = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'scheduled' END,
    next_attempt_at = CASE WHEN attempts >= max_attempts THEN next_attempt_at ELSE ? END,
    finished_at     = CASE WHEN attempts >= max_attempts THEN ? ELSE finished_at END,
    last_error = ?, lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
WHERE state = 'running' AND lease_expires_at <= ?
RETURNING {JOB_COLUMNS}"""


class TortoiseJobQueue:
    """:class:`~sleeplab_core.jobs.ports.JobQueue` over the ``jobs`` table of ``database``.

    Args:
        database: an open database (the one the units of work enqueue into).
    """

    def __init__(self, database: Database) -> None:
        self._database = database
        self._completions = Completions(self._run, database.dialect)

    async def claim(
        self,
        worker: str,
        now: datetime,
        limit: int,
        lease: timedelta,
        kinds: Collection[str] | None = None,
    ) -> list[Job]:
        dialect = self._database.dialect
        only = sorted(kinds) if kinds is not None else []
        if kinds is not None and not only:
            return []  # no kind to take

        async def work(sql: Session) -> list[Job]:
            due = [sql.time(now), *only, limit]
            marks = [worker, sql.time(now + lease), sql.time(now)]
            # Placeholders bind in text order; PostgreSQL's statement starts with the due rows.
            params = due + marks if dialect == "postgres" else marks + due
            rows = await sql.rows(_claim_sql(dialect, len(only)), *params)
            return queue_ordered([job_from_row(row) for row in rows])

        return await self._run(work)

    async def heartbeat(self, job_id: JobId, worker: str, now: datetime, lease: timedelta) -> Job:
        async def work(sql: Session) -> Job:
            rows = await sql.rows(_HEARTBEAT, sql.time(now + lease), sql.time(now), job_id, worker)
            return await _held(sql, rows, job_id, worker)

        return await self._run(work)

    async def complete(self, job_id: JobId, worker: str, now: datetime) -> Job:
        # Calls made together (a worker's batch finishing) share one statement.
        return await self._completions.complete(job_id, worker, now)

    async def fail(
        self, job_id: JobId, worker: str, now: datetime, error: str, retry_at: datetime | None
    ) -> Job:
        # Failures and retries made together share the completions' statement too.
        return await self._completions.fail(job_id, worker, now, error, retry_at)

    async def release_expired_leases(self, now: datetime) -> list[Job]:
        async def work(sql: Session) -> list[Job]:
            t = sql.time
            rows = await sql.rows(_RELEASE, t(now), t(now), LEASE_EXPIRED, t(now), t(now))
            return queue_ordered([job_from_row(row) for row in rows])

        if self._database.dialect == "sqlite":
            return await in_transaction(self._database, work)
        # One statement, atomic on its own: autocommit, one round trip. Its rows are locked
        # in no set order, so two workers' releases may deadlock: the loser runs it again.
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                return await self._run(work)
            except Exception as error:
                if attempt == MAX_ATTEMPTS or not retryable(error):
                    raise
        raise AssertionError("unreachable: the last attempt returns or raises")

    async def _run(self, work: Callable[[Session], Awaitable[T]]) -> T:
        if self._database.dialect == "sqlite":
            # BEGIN IMMEDIATE: a statement that reads before it writes must hold the write
            # lock from the start, or another process's commit in between makes it fail.
            return await in_transaction(self._database, work)
        # On PostgreSQL each call is one statement, atomic on its own: run it in autocommit,
        # one round trip instead of BEGIN … COMMIT's three. The look-up after a guarded
        # update that changed nothing only tells LeaseLost from JobNotFound.
        with self._database.activate():
            return await work(Session(self._database.client, "postgres"))


async def _held(sql: Session, rows: list[dict[str, Any]], job_id: JobId, worker: str) -> Job:
    """The updated job, or why the guarded update changed nothing."""
    if rows:
        return job_from_row(rows[0])
    if await job_state(sql, job_id) is None:
        raise JobNotFound(job_id)
    raise LeaseLost(job_id, worker)
