"""Durable jobs as values: what to run, when, how often it was tried and who holds it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

import attrs

from sleeplab_core.kernel.users import UserId

JobId = int
"""Assigned by the store on enqueue (an autoincrement column in SQL): short enough to type."""

DEFAULT_MAX_ATTEMPTS = 10


class JobState(StrEnum):
    """Where a job is in its life.

    ``scheduled`` → ``running`` (claimed under a lease) → ``succeeded``, back to ``scheduled``
    for a retry, or ``failed`` once its attempts are spent (kept for inspection and manual
    retry). ``cancelled`` is set by a person or a use case and frees the unique key.
    """

    SCHEDULED = "scheduled"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


ACTIVE_STATES = frozenset({JobState.SCHEDULED, JobState.RUNNING})


def _json_object(value: Mapping[str, Any]) -> dict[str, Any]:
    """A private copy of ``value`` after a round trip through JSON, as a SQL store keeps it."""
    if not isinstance(value, Mapping):
        raise TypeError(f"a job payload must be a JSON object, got {type(value).__name__}")
    try:
        copied: dict[str, Any] = json.loads(json.dumps(value, allow_nan=False))
    except (TypeError, ValueError) as error:
        raise ValueError(f"a job payload must hold only JSON values: {error}") from error
    return copied


def _aware(_: object, attribute: attrs.Attribute[datetime], value: datetime) -> None:
    if value.tzinfo is None:
        raise ValueError(f"{attribute.name} must be a timezone-aware datetime")


@attrs.frozen(kw_only=True)
class NewJob:
    """A request to run ``kind`` with ``payload`` at ``run_at`` or later.

    Attributes:
        kind: the handler's name, e.g. ``"diagnosis.deliver"``.
        payload: a JSON object handed to the handler.
        run_at: the earliest moment to run (aware).
        unique_key: while a job holding this key is not cancelled, enqueueing the key again
            returns that job instead of adding one.
        max_attempts: tries before the job is dead-lettered (state ``failed``).
        user_id: the user the job is about, if any (for ``user-status --show-jobs``).
    """

    kind: str = attrs.field(validator=attrs.validators.min_len(1))
    payload: dict[str, Any] = attrs.field(factory=dict, converter=_json_object)
    run_at: datetime = attrs.field(validator=_aware)
    unique_key: str | None = None
    max_attempts: int = attrs.field(default=DEFAULT_MAX_ATTEMPTS, validator=attrs.validators.ge(1))
    user_id: UserId | None = None


@attrs.frozen(kw_only=True)
class Job:
    """A stored job.

    Attributes:
        run_at: when it was first due (unchanged by retries; lateness is measured from it).
        next_attempt_at: when it may next be claimed.
        attempts: claims so far; a claim counts even if the worker then dies.
        lease_owner / lease_expires_at: the worker holding a running job and until when.
        last_error: what the last failed attempt reported.
    """

    id: JobId
    kind: str
    payload: dict[str, Any]
    run_at: datetime
    next_attempt_at: datetime
    state: JobState
    attempts: int
    max_attempts: int
    created_at: datetime
    updated_at: datetime
    unique_key: str | None = None
    user_id: UserId | None = None
    last_error: str | None = None
    lease_owner: str | None = None
    lease_expires_at: datetime | None = None
    finished_at: datetime | None = None

    @property
    def attempts_left(self) -> int:
        return max(0, self.max_attempts - self.attempts)

    def is_due(self, now: datetime) -> bool:
        return self.state is JobState.SCHEDULED and self.next_attempt_at <= now

    def lease_expired(self, now: datetime) -> bool:
        return (
            self.state is JobState.RUNNING
            and self.lease_expires_at is not None
            and self.lease_expires_at <= now
        )

    def holds_lease(self, worker: str) -> bool:
        return self.state is JobState.RUNNING and self.lease_owner == worker


def new_job_record(job_id: JobId, new: NewJob, now: datetime) -> Job:
    """The stored form of ``new`` as a store inserts it."""
    return Job(
        id=job_id,
        kind=new.kind,
        payload=_json_object(new.payload),
        run_at=new.run_at,
        next_attempt_at=new.run_at,
        state=JobState.SCHEDULED,
        attempts=0,
        max_attempts=new.max_attempts,
        created_at=now,
        updated_at=now,
        unique_key=new.unique_key,
        user_id=new.user_id,
    )


def claimed(job: Job, worker: str, now: datetime, lease: timedelta) -> Job:
    """``job`` as a claim leaves it: running, leased to ``worker``, one more attempt."""
    return attrs.evolve(
        job,
        state=JobState.RUNNING,
        attempts=job.attempts + 1,
        lease_owner=worker,
        lease_expires_at=now + lease,
        updated_at=now,
    )


def released(job: Job, now: datetime, error: str) -> Job:
    """``job`` after its worker stopped answering: rescheduled now, or dead if spent."""
    if job.attempts >= job.max_attempts:
        return finished(job, JobState.FAILED, now, error=error)
    return attrs.evolve(
        job,
        state=JobState.SCHEDULED,
        next_attempt_at=now,
        last_error=error,
        lease_owner=None,
        lease_expires_at=None,
        updated_at=now,
    )


def rescheduled(job: Job, now: datetime, retry_at: datetime, error: str) -> Job:
    """``job`` after a failed attempt that will be retried at ``retry_at``."""
    return attrs.evolve(
        job,
        state=JobState.SCHEDULED,
        next_attempt_at=retry_at,
        last_error=error,
        lease_owner=None,
        lease_expires_at=None,
        updated_at=now,
    )


def finished(job: Job, state: JobState, now: datetime, *, error: str | None = None) -> Job:
    """``job`` in a final (or, for ``failed``, inspectable) state, its lease dropped."""
    return attrs.evolve(
        job,
        state=state,
        last_error=error if error is not None else job.last_error,
        lease_owner=None,
        lease_expires_at=None,
        updated_at=now,
        finished_at=now,
    )


def retried_by_hand(job: Job, now: datetime) -> Job:
    """A failed job given a fresh set of attempts, due now."""
    return attrs.evolve(
        job,
        state=JobState.SCHEDULED,
        attempts=0,
        next_attempt_at=now,
        updated_at=now,
        finished_at=None,
    )
