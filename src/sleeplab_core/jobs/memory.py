"""In-memory job and broadcast tables, their repositories and the in-memory job queue.

``JobTables`` is one field of the in-memory store's tables, so the repositories take part
in its snapshot-and-swap transactions, and :class:`InMemoryJobQueue` changes the committed
tables under the store's lock — each call one transaction, as in SQL.

The storage module imports this module and ``jobs.ports``; neither may import the
conversation or storage packages at run time (those import storage back: a cycle).
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from typing import Protocol

import attrs

from sleeplab_core.jobs.broadcast import (
    Broadcast,
    BroadcastId,
    Delivery,
    DeliveryState,
)
from sleeplab_core.jobs.errors import (
    JobNotCancellable,
    JobNotFound,
    JobNotRetryable,
    LeaseLost,
)
from sleeplab_core.jobs.model import (
    ACTIVE_STATES,
    Job,
    JobId,
    JobState,
    NewJob,
    claimed,
    finished,
    new_job_record,
    released,
    rescheduled,
    retried_by_hand,
)
from sleeplab_core.kernel.users import UserId

LEASE_EXPIRED = "lease expired: the worker stopped answering"


@attrs.define
class JobTables:
    jobs: dict[JobId, Job] = attrs.field(factory=dict)
    last_job_id: int = 0
    broadcasts: dict[BroadcastId, Broadcast] = attrs.field(factory=dict)
    last_broadcast_id: int = 0
    deliveries: dict[tuple[BroadcastId, UserId], Delivery] = attrs.field(factory=dict)


def _holder_of(tables: JobTables, unique_key: str) -> Job | None:
    return next(
        (
            job
            for job in tables.jobs.values()
            if job.unique_key == unique_key and job.state is not JobState.CANCELLED
        ),
        None,
    )


def _existing(tables: JobTables, job_id: JobId) -> Job:
    job = tables.jobs.get(job_id)
    if job is None:
        raise JobNotFound(job_id)
    return job


def _queue_order(job: Job) -> tuple[datetime, JobId]:
    return (job.next_attempt_at, job.id)


@attrs.define
class InMemoryJobRepository:
    """The fake of :class:`~sleeplab_core.jobs.ports.JobRepository`."""

    _t: JobTables

    async def enqueue(self, new: NewJob, now: datetime) -> Job:
        if new.unique_key is not None and (held := _holder_of(self._t, new.unique_key)):
            return held
        self._t.last_job_id += 1
        job = new_job_record(self._t.last_job_id, new, now)
        self._t.jobs[job.id] = job
        return job

    async def get(self, job_id: JobId) -> Job | None:
        return self._t.jobs.get(job_id)

    async def find_by_key(self, unique_key: str) -> Job | None:
        return _holder_of(self._t, unique_key)

    async def cancel(self, job_id: JobId, now: datetime) -> Job:
        job = _existing(self._t, job_id)
        if job.state is JobState.CANCELLED:
            return job
        if job.state is JobState.SUCCEEDED:
            raise JobNotCancellable(job_id, job.state)
        self._t.jobs[job_id] = finished(job, JobState.CANCELLED, now)
        return self._t.jobs[job_id]

    async def cancel_by_key(self, unique_key: str, now: datetime) -> Job | None:
        job = _holder_of(self._t, unique_key)
        if job is None or job.state not in ACTIVE_STATES:
            return None
        return await self.cancel(job.id, now)

    async def retry(self, job_id: JobId, now: datetime) -> Job:
        job = _existing(self._t, job_id)
        if job.state is not JobState.FAILED:
            raise JobNotRetryable(job_id, job.state)
        self._t.jobs[job_id] = retried_by_hand(job, now)
        return self._t.jobs[job_id]

    async def list(
        self,
        *,
        states: Collection[JobState] | None = None,
        kind: str | None = None,
        user_id: UserId | None = None,
        limit: int = 100,
    ) -> list[Job]:
        found = [
            job
            for job in self._t.jobs.values()
            if (states is None or job.state in states)
            and (kind is None or job.kind == kind)
            and (user_id is None or job.user_id == user_id)
        ]
        return sorted(found, key=_queue_order)[:limit]

    async def forget_user(self, user_id: UserId, now: datetime) -> int:
        theirs = [job for job in self._t.jobs.values() if job.user_id == user_id]
        for job in theirs:
            if job.state in (JobState.SCHEDULED, JobState.RUNNING, JobState.FAILED):
                job = finished(job, JobState.CANCELLED, now)
            self._t.jobs[job.id] = attrs.evolve(job, user_id=None, payload={}, unique_key=None)
        return len(theirs)


class _TablesWithJobs(Protocol):
    @property
    def jobs(self) -> JobTables: ...


class _StoreWithJobs(Protocol):
    """What the queue needs of the in-memory store: its lock and its committed tables."""

    @property
    def lock(self) -> asyncio.Lock: ...

    @property
    def tables(self) -> _TablesWithJobs: ...


class InMemoryJobQueue:
    """The fake of :class:`~sleeplab_core.jobs.ports.JobQueue` over an in-memory store.

    Args:
        store: the :class:`~sleeplab_core.storage.memory.InMemoryStore` whose units of work
            enqueue the jobs.
    """

    def __init__(self, store: _StoreWithJobs) -> None:
        self._store = store

    async def claim(
        self,
        worker: str,
        now: datetime,
        limit: int,
        lease: timedelta,
        kinds: Collection[str] | None = None,
    ) -> list[Job]:
        async with self._store.lock:
            tables = self._store.tables.jobs
            due = sorted(
                (
                    j
                    for j in tables.jobs.values()
                    if j.is_due(now) and (kinds is None or j.kind in kinds)
                ),
                key=_queue_order,
            )
            taken = [claimed(job, worker, now, lease) for job in due[:limit]]
            for job in taken:
                tables.jobs[job.id] = job
            return taken

    async def heartbeat(self, job_id: JobId, worker: str, now: datetime, lease: timedelta) -> Job:
        async with self._store.lock:
            job = self._held(job_id, worker)
            return self._put(attrs.evolve(job, lease_expires_at=now + lease, updated_at=now))

    async def complete(self, job_id: JobId, worker: str, now: datetime) -> Job:
        async with self._store.lock:
            job = self._held(job_id, worker)
            return self._put(finished(job, JobState.SUCCEEDED, now))

    async def fail(
        self, job_id: JobId, worker: str, now: datetime, error: str, retry_at: datetime | None
    ) -> Job:
        async with self._store.lock:
            job = self._held(job_id, worker)
            if retry_at is None:
                return self._put(finished(job, JobState.FAILED, now, error=error))
            return self._put(rescheduled(job, now, retry_at, error))

    async def release_expired_leases(self, now: datetime) -> list[Job]:
        async with self._store.lock:
            tables = self._store.tables.jobs
            expired = [job for job in tables.jobs.values() if job.lease_expired(now)]
            return [self._put(released(job, now, LEASE_EXPIRED)) for job in expired]

    def _held(self, job_id: JobId, worker: str) -> Job:
        job = _existing(self._store.tables.jobs, job_id)
        if not job.holds_lease(worker):
            raise LeaseLost(job_id, worker)
        return job

    def _put(self, job: Job) -> Job:
        self._store.tables.jobs.jobs[job.id] = job
        return job


@attrs.define
class InMemoryBroadcastRepository:
    """The fake of :class:`~sleeplab_core.jobs.ports.BroadcastRepository`."""

    _t: JobTables

    async def create(
        self, segment: str, text_key: str, created_by: str, now: datetime
    ) -> Broadcast:
        self._t.last_broadcast_id += 1
        broadcast = Broadcast(
            id=self._t.last_broadcast_id,
            segment=segment,
            text_key=text_key,
            created_by=created_by,
            created_at=now,
        )
        self._t.broadcasts[broadcast.id] = broadcast
        return broadcast

    async def get(self, broadcast_id: BroadcastId) -> Broadcast | None:
        return self._t.broadcasts.get(broadcast_id)

    async def save(self, broadcast: Broadcast) -> None:
        self._t.broadcasts[broadcast.id] = broadcast

    async def add_recipients(
        self, broadcast_id: BroadcastId, user_ids: Sequence[UserId], now: datetime
    ) -> int:
        added = 0
        for user_id in user_ids:
            if (broadcast_id, user_id) not in self._t.deliveries:
                self._t.deliveries[(broadcast_id, user_id)] = Delivery(
                    broadcast_id=broadcast_id,
                    user_id=user_id,
                    state=DeliveryState.PENDING,
                    updated_at=now,
                )
                added += 1
        return added

    async def deliveries(
        self,
        broadcast_id: BroadcastId,
        *,
        states: Collection[DeliveryState] | None = None,
        limit: int | None = None,
    ) -> list[Delivery]:
        found = sorted(
            (
                d
                for (b, _), d in self._t.deliveries.items()
                if b == broadcast_id and (states is None or d.state in states)
            ),
            key=lambda d: d.user_id,
        )
        return found if limit is None else found[:limit]

    async def start_delivery(
        self, broadcast_id: BroadcastId, user_id: UserId, now: datetime
    ) -> bool:
        delivery = self._t.deliveries.get((broadcast_id, user_id))
        if delivery is None or delivery.state is not DeliveryState.PENDING:
            return False
        started = attrs.evolve(delivery, state=DeliveryState.SENDING, updated_at=now)
        self._t.deliveries[(broadcast_id, user_id)] = started
        return True

    async def save_delivery(self, delivery: Delivery) -> None:
        self._t.deliveries[(delivery.broadcast_id, delivery.user_id)] = delivery

    async def for_user(self, user_id: UserId) -> list[Delivery]:
        return [d for (_, u), d in sorted(self._t.deliveries.items()) if u == user_id]

    async def delete_user(self, user_id: UserId) -> None:
        for key in [k for k in self._t.deliveries if k[1] == user_id]:
            del self._t.deliveries[key]
