"""Completions of many jobs in one statement: concurrent ``complete`` calls share a round trip.

A worker runs its batch of jobs concurrently and each finished job calls ``complete``; the
calls made in the same turn of the event loop are gathered and recorded by one guarded
``UPDATE … FROM unnest(…) WHERE id = ANY(…) … RETURNING`` on PostgreSQL, ``UPDATE … FROM
(VALUES …) … RETURNING`` on SQLite (one transaction, one fsync), each job with its own
finishing time. A job the statement did not change is looked up alone to say
why (not found, or its lease lost), exactly as a single ``complete`` would.
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

MAX_BATCH = 400  # two parameters a job: well below SQLite's and PostgreSQL's limits

_SET = """state = 'succeeded', lease_owner = NULL, lease_expires_at = NULL,
    updated_at = done.finished, finished_at = done.finished"""
_GUARD = "jobs.id = done.job_id AND jobs.state = 'running' AND jobs.lease_owner = ?"


def _postgres_sql(count: int) -> str:
    # Two arrays whatever the batch size (one prepared statement); ANY(ids) lets the planner
    # probe the primary key instead of joining the whole table.
    del count
    done = "unnest(CAST(? AS BIGINT[]), CAST(? AS TIMESTAMPTZ[])) AS done(job_id, finished)"
    return (
        f"UPDATE jobs SET {_SET} FROM {done}"
        f" WHERE jobs.id = ANY(CAST(? AS BIGINT[])) AND {_GUARD} RETURNING {job_columns('jobs')}"
    )


def _sqlite_sql(count: int) -> str:
    rows = ", ".join(["(?, ?)"] * count)
    done = f"SELECT column1 AS job_id, column2 AS finished FROM (VALUES {rows})"
    return f"UPDATE jobs SET {_SET} FROM ({done}) AS done WHERE {_GUARD} RETURNING {JOB_COLUMNS}"


@attrs.frozen
class _Pending:
    job_id: JobId
    worker: str
    now: datetime
    result: asyncio.Future[Job]


class Completions:
    """Gathers ``complete`` calls and records them in batches through ``run``."""

    def __init__(self, run: Runner, dialect: str) -> None:
        self._run = run
        self._sql = _postgres_sql if dialect == "postgres" else _sqlite_sql
        self._pending: list[_Pending] = []
        self._flushing: set[asyncio.Task[None]] = set()

    async def complete(self, job_id: JobId, worker: str, now: datetime) -> Job:
        loop = asyncio.get_running_loop()
        result: asyncio.Future[Job] = loop.create_future()
        self._pending.append(_Pending(job_id, worker, now, result))
        if len(self._pending) == 1:
            loop.call_soon(self._start_flush)  # after every call made in this turn
        return await result

    def _start_flush(self) -> None:
        pending, self._pending = self._pending, []
        task = asyncio.ensure_future(self._flush(pending))
        self._flushing.add(task)
        task.add_done_callback(self._flushing.discard)

    async def _flush(self, pending: list[_Pending]) -> None:
        for batch in _batches(pending):
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
        if sql.dialect == "postgres":
            ids = [p.job_id for p in batch]
            params: list[Any] = [ids, [sql.time(p.now) for p in batch], ids]
        else:
            params = [value for p in batch for value in (p.job_id, sql.time(p.now))]
        rows = await sql.rows(self._sql(len(batch)), *params, worker)
        done = {job.id: job for job in map(job_from_row, rows)}
        return [
            done[item.job_id]
            if item.job_id in done
            else await _why_unchanged(sql, item.job_id, worker)
            for item in batch
        ]


def _batches(pending: list[_Pending]) -> list[list[_Pending]]:
    """Batches of one worker's calls, each job at most once per batch, at most MAX_BATCH."""
    batches: list[list[_Pending]] = []
    open_batches: dict[str, tuple[list[_Pending], set[JobId]]] = {}
    for item in pending:
        batch, ids = open_batches.get(item.worker, ([], set()))
        if item.job_id in ids or len(batch) >= MAX_BATCH:
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
