"""What the job machinery refuses, and the failures handlers and messengers report."""

from __future__ import annotations

from sleeplab_core.jobs.model import JobId, JobState
from sleeplab_core.kernel.errors import Conflict, NotFound, SleeplabError


class JobError(SleeplabError):
    """Base class of every refusal of the job store."""


class JobNotFound(JobError, NotFound):
    def __init__(self, job_id: JobId) -> None:
        super().__init__(f"no job with id {job_id}; list jobs to find the right id")
        self.job_id = job_id


class LeaseLost(JobError, Conflict):
    """The worker no longer holds the job: its lease expired and was released, or the job
    was cancelled. The worker must stop working on it; its result is not recorded."""

    def __init__(self, job_id: JobId, worker: str) -> None:
        super().__init__(f"worker {worker!r} no longer holds job {job_id}")
        self.job_id = job_id
        self.worker = worker


class JobNotCancellable(JobError, Conflict):
    def __init__(self, job_id: JobId, state: JobState) -> None:
        super().__init__(f"job {job_id} is {state.value}; only unfinished jobs can be cancelled")
        self.job_id = job_id
        self.state = state


class JobNotRetryable(JobError, Conflict):
    def __init__(self, job_id: JobId, state: JobState) -> None:
        super().__init__(f"job {job_id} is {state.value}; only failed jobs can be retried by hand")
        self.job_id = job_id
        self.state = state


class UnknownJobKind(JobError):
    """No handler is registered for a claimed job's kind (a deployment mismatch)."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"no handler registered for job kind {kind!r}")
        self.kind = kind


class PermanentFailure(JobError):
    """Raised by a handler when retrying cannot help: the job is dead-lettered at once."""


class RetryLater(JobError):
    """A transient refusal (Telegram 429 or 5xx, a timeout): try again later.

    Attributes:
        retry_after: seconds the other side asked us to wait, if it said.
    """

    def __init__(self, reason: str, *, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
