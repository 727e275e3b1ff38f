"""Outcomes of many jobs in one statement: concurrent ``complete`` and ``fail`` share a round trip.

A worker runs its batch of jobs concurrently and each finished job calls ``complete`` or
``fail``; the calls made in the same turn of the event loop are gathered and recorded by one
guarded ``UPDATE … FROM unnest(…) WHERE id = ANY(…) … RETURNING`` on PostgreSQL (arrays, so
one prepared statement whatever the batch), ``UPDATE … FROM (VALUES …) … RETURNING`` on
SQLite (one transaction, one fsync) — each job with its own outcome (succeeded, failed,
rescheduled), error, retry time and finishing time. A job the statement did not change is
looked up alone to say why (not found, or its lease lost), exactly as a single call would.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import attrs

from adapters.tortoise.ledger.sql import Session
from adapters.tortoise.repositories.jobs import JOB_COLUMNS, job_columns, job_from_row, job_state
from sleeplab_core.jobs.errors import JobNotFound, LeaseLost
from sleeplab_core.jobs.model import Job, JobId

Runner = Callable[[Callable[[Session], Awaitable[Any]]], Awaitable[Any]]

MAX_BATCH_SQLITE = 150  # five parameters a job: below SQLite's 999 of older builds
MAX_BATCH_POSTGRES = 5000  # arrays: no parameter limit; bounds one statement's row locks

# A rescheduled job keeps its finishing time (none) and an error replaces the last one; a
# completion leaves the last error alone, as the single-job statements did.
_SET = """state = done.state,
    next_attempt_at = COALESCE(done.retry_at, jobs.next_attempt_at),
    last_error = COALESCE(done.error, jobs.last_error),
    lease_owner = NULL, lease_expires_at = NULL, updated_at = done.moment,
    finished_at = CASE WHEN done.state = 'scheduled' THEN jobs.finished_at ELSE done.moment END"""
_GUARD = "jobs.id = done.job_id AND jobs.state = 'running' AND jobs.lease_owner = ?"


def _postgres_sql(count: int) -> str:
    # Arrays whatever the batch size: one prepared statement, which PostgreSQL soon runs with
    # a generic plan, estimating the arrays' rows and 'running' jobs from stale statistics.
    # The guard is therefore written so no index can serve it (IS NOT DISTINCT FROM): the
    # only way to the rows is the primary key from each array element, never a nested loop
    # over every running job times every element (measured: 1.1 s for 1,000 jobs).
    del count
    done = (
        "unnest(CAST(? AS BIGINT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]),"
        " CAST(? AS TIMESTAMPTZ[]), CAST(? AS TIMESTAMPTZ[]))"
        " AS done(job_id, state, error, retry_at, moment)"
    )
    guard = (
        "jobs.id = done.job_id"
        " AND (jobs.state, jobs.lease_owner) IS NOT DISTINCT FROM ('running', ?)"
    )
    return f"UPDATE jobs SET {_SET} FROM {done} WHERE {guard} RETURNING {job_columns('jobs')}"


def _sqlite_sql(count: int) -> str:
    rows = ", ".join(["(?, ?, ?, ?, ?)"] * count)
    done = (
        "SELECT column1 AS job_id, column2 AS state, column3 AS error, column4 AS retry_at,"
        f" column5 AS moment FROM (VALUES {rows})"
    )
    return f"UPDATE jobs SET {_SET} FROM ({done}) AS done WHERE {_GUARD} RETURNING {JOB_COLUMNS}"


@attrs.frozen
class _Pending:
    job_id: JobId
    worker: str
    now: datetime
    state: str  # succeeded, failed or scheduled
    error: str | None
    retry_at: datetime | None
    result: asyncio.Future[Job]


class Completions:
    """Gathers ``complete`` and ``fail`` calls and records them in batches through ``run``."""

    def __init__(self, run: Runner, dialect: str) -> None:
        self._run = run
        self._postgres = dialect == "postgres"
        self._sql = _postgres_sql if self._postgres else _sqlite_sql
        self._max_batch = MAX_BATCH_POSTGRES if self._postgres else MAX_BATCH_SQLITE
        self._pending: list[_Pending] = []
        self._flushing: set[asyncio.Task[None]] = set()

    async def complete(self, job_id: JobId, worker: str, now: datetime) -> Job:
        return await self._add(job_id, worker, now, "succeeded", None, None)

    async def fail(
        self, job_id: JobId, worker: str, now: datetime, error: str, retry_at: datetime | None
    ) -> Job:
        state = "failed" if retry_at is None else "scheduled"
        return await self._add(job_id, worker, now, state, error, retry_at)

    async def _add(
        self,
        job_id: JobId,
        worker: str,
        now: datetime,
        state: str,
        error: str | None,
        retry_at: datetime | None,
    ) -> Job:
        loop = asyncio.get_running_loop()
        result: asyncio.Future[Job] = loop.create_future()
        self._pending.append(_Pending(job_id, worker, now, state, error, retry_at, result))
        if len(self._pending) == 1:
            loop.call_soon(self._start_flush)  # after every call made in this turn
        return await result

    def _start_flush(self) -> None:
        pending, self._pending = self._pending, []
        task = asyncio.ensure_future(self._flush(pending))
        self._flushing.add(task)
        task.add_done_callback(self._flushing.discard)

    async def _flush(self, pending: list[_Pending]) -> None:
        for batch in _batches(pending, self._max_batch):
            outcomes: list[Job | Exception]
            try:
                outcomes = await self._run(functools.partial(self._record, batch=batch))
            except Exception as error:
                outcomes = [error] * len(batch)
            for item, outcome in zip(batch, outcomes, strict=True):
                _settle(item.result, outcome)

    async def _record(self, sql: Session, batch: list[_Pending]) -> list[Job | Exception]:
        """What each call gets; settled only once the transaction has committed."""
        worker = batch[0].worker
        t = sql.time
        if self._postgres:
            ids = [p.job_id for p in batch]
            params: list[Any] = [
                ids,
                [p.state for p in batch],
                [p.error for p in batch],
                [t(p.retry_at) for p in batch],
                [t(p.now) for p in batch],
            ]
        else:
            params = [
                value
                for p in batch
                for value in (p.job_id, p.state, p.error, t(p.retry_at), t(p.now))
            ]
        rows = await sql.rows(self._sql(len(batch)), *params, worker)
        done = {job.id: job for job in map(job_from_row, rows)}
        return [
            done[item.job_id]
            if item.job_id in done
            else await _why_unchanged(sql, item.job_id, worker)
            for item in batch
        ]


def _batches(pending: list[_Pending], limit: int) -> list[list[_Pending]]:
    """Batches of one worker's calls, each job at most once per batch, at most ``limit``."""
    batches: list[list[_Pending]] = []
    open_batches: dict[str, tuple[list[_Pending], set[JobId]]] = {}
    for item in pending:
        batch, ids = open_batches.get(item.worker, ([], set()))
        if item.job_id in ids or len(batch) >= limit:
            batch, ids = [], set()
        if not batch:
            batches.append(batch)
        batch.append(item)
        ids.add(item.job_id)
        open_batches[item.worker] = (batch, ids)
    return batches


async def _why_unchanged(sql: Session, job_id: JobId, worker: str) -> Exception:
    if await job_state(sql, job_id) is None:
        return JobNotFound(job_id)
    return LeaseLost(job_id, worker)


def _settle(result: asyncio.Future[Job], outcome: Job | Exception) -> None:
    if result.done():
        return  # the caller was cancelled
    if isinstance(outcome, Exception):
        result.set_exception(outcome)
    else:
        result.set_result(outcome)
