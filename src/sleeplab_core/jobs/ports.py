"""Ports of the jobs module: the job store (two faces), messenger, segments, broadcasts.

The job store has two faces over the same table. :class:`JobRepository` lives inside a
unit of work, so a job is enqueued in the same transaction as the domain change that calls
for it (the transactional outbox). :class:`JobQueue` is the workers' side: each call is a
short transaction of its own. See ``docs/jobs.md`` for the SQL schema and claim query.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from sleeplab_core.jobs.broadcast import Broadcast, BroadcastId, Delivery, DeliveryState
from sleeplab_core.jobs.model import Job, JobId, JobState, NewJob
from sleeplab_core.kernel.users import UserId

if TYPE_CHECKING:
    # Only for annotations: the conversation package imports storage, which imports us.
    from sleeplab_core.conversation.actions import Action


class JobRepository(Protocol):
    """Jobs inside a unit of work: enqueue, look up, cancel, retry by hand.

    Contract:
    - Changes belong to the surrounding unit of work: visible to others after its commit,
      gone if it rolls back.
    - ``enqueue`` stores ``new`` as ``scheduled`` with zero attempts and returns it with its
      id. When a job that is not ``cancelled`` already holds ``new.unique_key``, nothing is
      added and that job is returned as it is — also under concurrent enqueues (a unique
      constraint in SQL stores, never check-then-insert).
    - ``get`` returns None for an unknown id; ``find_by_key`` the job holding the key (not
      cancelled), or None.
    - ``cancel`` makes a scheduled, running or failed job ``cancelled`` and frees its
      unique key; cancelling a cancelled job returns it unchanged. Raises JobNotFound, and
      JobNotCancellable for a succeeded job. A running job's worker loses its lease.
    - ``cancel_by_key`` cancels the scheduled or running job holding the key and returns
      it, or None when there is none (the user moved on before the reminder was due).
    - ``retry`` gives a failed job a fresh set of attempts, due at ``now``. Raises
      JobNotFound, and JobNotRetryable unless the job is failed.
    - ``list`` returns jobs ordered by next attempt then id, filtered when asked.
    - ``forget_user`` (erasure) cancels the user's scheduled, running and failed jobs, then
      strips every job of the user of what ties it to them (user id, payload, unique key)
      and returns how many jobs it touched; the rows stay for the queue's accounting.
    """

    async def enqueue(self, new: NewJob, now: datetime) -> Job: ...

    async def get(self, job_id: JobId) -> Job | None: ...

    async def find_by_key(self, unique_key: str) -> Job | None: ...

    async def cancel(self, job_id: JobId, now: datetime) -> Job: ...

    async def cancel_by_key(self, unique_key: str, now: datetime) -> Job | None: ...

    async def retry(self, job_id: JobId, now: datetime) -> Job: ...

    async def list(
        self,
        *,
        states: Collection[JobState] | None = None,
        kind: str | None = None,
        user_id: UserId | None = None,
        limit: int = 100,
    ) -> list[Job]: ...

    async def forget_user(self, user_id: UserId, now: datetime) -> int: ...


class JobQueue(Protocol):
    """The workers' side of the job store; every call is one short transaction.

    Contract:
    - ``claim`` atomically takes up to ``limit`` scheduled jobs due at ``now`` (next
      attempt ≤ now), oldest next attempt first, and returns them ``running``, leased to
      ``worker`` until ``now + lease``, with ``attempts`` increased by one. Concurrent
      claimers (tasks, processes) never get the same job while its lease is held. With
      ``kinds``, only jobs of those kinds are taken (a worker that runs one bot's jobs
      beside another's leaves theirs alone); None takes every kind.
    - ``heartbeat`` extends the lease of a job ``worker`` holds to ``now + lease``.
    - ``complete`` makes it ``succeeded``; ``fail`` records ``error`` and either
      reschedules it for ``retry_at`` or, with ``retry_at=None``, leaves it ``failed``.
    - ``heartbeat``, ``complete`` and ``fail`` raise LeaseLost when ``worker`` no longer
      holds the job (released after expiry, reclaimed, cancelled) and change nothing;
      JobNotFound for an unknown id.
    - ``release_expired_leases`` reschedules, due at ``now``, every running job whose lease
      expired at or before ``now`` (its worker died), or leaves it ``failed`` when its
      attempts are spent; returns the jobs as released. Workers call it before claiming.
    """

    async def claim(
        self,
        worker: str,
        now: datetime,
        limit: int,
        lease: timedelta,
        kinds: Collection[str] | None = None,
    ) -> list[Job]: ...

    async def heartbeat(
        self, job_id: JobId, worker: str, now: datetime, lease: timedelta
    ) -> Job: ...

    async def complete(self, job_id: JobId, worker: str, now: datetime) -> Job: ...

    async def fail(
        self, job_id: JobId, worker: str, now: datetime, error: str, retry_at: datetime | None
    ) -> Job: ...

    async def release_expired_leases(self, now: datetime) -> list[Job]: ...


class Messenger(Protocol):
    """Sends actions to a user outside a request (jobs, reminders, broadcasts).

    Contract: the actions are performed in order. Raises
    :class:`~sleeplab_core.conversation.errors.RecipientBlocked` when the user blocked the
    bot (Telegram 403) and :class:`~sleeplab_core.jobs.errors.RetryLater` for a transient
    refusal (429 with its ``retry_after``, 5xx, timeouts); in both cases nothing was shown.
    """

    async def send(self, user_id: UserId, actions: Sequence[Action]) -> None: ...


class Segments(Protocol):
    """Named audiences for broadcasts (``all_active``, ``l0_finished_unpaid``, ...).

    Contract: ``members`` returns the user ids in the segment now, ascending, without
    duplicates; raises :class:`~sleeplab_core.kernel.errors.NotFound` for an unknown name.
    """

    async def members(self, segment: str) -> list[UserId]: ...


class BroadcastRepository(Protocol):
    """Broadcasts and their delivery records inside a unit of work.

    Contract:
    - ``create`` stores a new broadcast in state ``created`` and returns it with its id.
    - ``get`` returns None for an unknown id; ``save`` replaces a stored broadcast.
    - ``add_recipients`` inserts a ``pending`` delivery for each user that has none in this
      broadcast (unique per (broadcast, user), enforced by the store) and returns how many
      it inserted.
    - ``deliveries`` lists the broadcast's deliveries ordered by user id, only those in
      ``states`` when given, at most ``limit`` when given.
    - ``start_delivery`` moves the (broadcast, user) delivery from ``pending`` to
      ``sending`` and returns True, or returns False and changes nothing when it is not
      pending — an atomic compare-and-set (``UPDATE … WHERE state = 'pending'``), so two
      senders never both start one delivery.
    - ``save_delivery`` replaces the stored delivery of (broadcast, user).
    - ``for_user`` lists the user's deliveries of every broadcast by broadcast id;
      ``delete_user`` deletes them (erasure: a pending one is never sent).
    """

    async def create(
        self, segment: str, text_key: str, created_by: str, now: datetime
    ) -> Broadcast: ...

    async def get(self, broadcast_id: BroadcastId) -> Broadcast | None: ...

    async def save(self, broadcast: Broadcast) -> None: ...

    async def add_recipients(
        self, broadcast_id: BroadcastId, user_ids: Sequence[UserId], now: datetime
    ) -> int: ...

    async def deliveries(
        self,
        broadcast_id: BroadcastId,
        *,
        states: Collection[DeliveryState] | None = None,
        limit: int | None = None,
    ) -> list[Delivery]: ...

    async def start_delivery(
        self, broadcast_id: BroadcastId, user_id: UserId, now: datetime
    ) -> bool: ...

    async def save_delivery(self, delivery: Delivery) -> None: ...

    async def for_user(self, user_id: UserId) -> list[Delivery]: ...

    async def delete_user(self, user_id: UserId) -> None: ...
