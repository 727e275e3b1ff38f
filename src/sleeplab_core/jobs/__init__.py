"""Durable jobs: the job store ports and fake, the worker, recurring jobs, reminders and
broadcasts. See ``docs/jobs.md``.
"""

from typing import TYPE_CHECKING

from sleeplab_core.jobs.broadcast import (
    BROADCAST_JOB_KIND,
    Broadcast,
    BroadcastId,
    BroadcastState,
    Delivery,
    DeliveryState,
)
from sleeplab_core.jobs.broadcaster import (
    BroadcastSender,
    cancel_broadcast,
    create_broadcast,
    is_repeat,
)
from sleeplab_core.jobs.errors import (
    JobError,
    JobNotCancellable,
    JobNotFound,
    JobNotRetryable,
    LeaseLost,
    PermanentFailure,
    RetryLater,
    UnknownJobKind,
)
from sleeplab_core.jobs.memory import (
    InMemoryBroadcastRepository,
    InMemoryJobQueue,
    InMemoryJobRepository,
    JobTables,
)
from sleeplab_core.jobs.model import DEFAULT_MAX_ATTEMPTS, Job, JobId, JobState, NewJob
from sleeplab_core.jobs.pacing import Pace, SendSchedule, acquire_slot
from sleeplab_core.jobs.ports import (
    BroadcastRepository,
    JobQueue,
    JobRepository,
    Messenger,
    Segments,
)
from sleeplab_core.jobs.quiet_hours import QuietHours, is_quiet, next_allowed_send
from sleeplab_core.jobs.rate_limit import DEFAULT_RATE, TokenBucket, acquire
from sleeplab_core.jobs.recurring import (
    Recurring,
    occurrence,
    period_start,
    recurring_key,
    schedule_all,
    schedule_recurring,
)
from sleeplab_core.jobs.reminders import (
    DEFAULT_RULES,
    REMINDER_JOB_KIND,
    ReminderRule,
    ReminderSender,
    ReminderTopic,
    cancel_reminders,
    plan_reminders,
    reminder_key,
    schedule_reminders,
)
from sleeplab_core.jobs.segments import DEFAULT_SEGMENTS, SegmentQuery, StoredSegments, all_active
from sleeplab_core.jobs.worker import (
    DEFAULT_BACKOFF,
    Handler,
    JobContext,
    RoundReport,
    Worker,
    WorkerSettings,
)

__all__ = [
    "BROADCAST_JOB_KIND",
    "DEFAULT_BACKOFF",
    "DEFAULT_MAX_ATTEMPTS",
    "DEFAULT_RATE",
    "DEFAULT_RULES",
    "DEFAULT_SEGMENTS",
    "REMINDER_JOB_KIND",
    "Broadcast",
    "BroadcastId",
    "BroadcastRepository",
    "BroadcastSender",
    "BroadcastState",
    "Delivery",
    "DeliveryState",
    "FakeMessenger",
    "FakeSegments",
    "FakeSleep",
    "Handler",
    "InMemoryBroadcastRepository",
    "InMemoryJobQueue",
    "InMemoryJobRepository",
    "Job",
    "JobContext",
    "JobError",
    "JobId",
    "JobNotCancellable",
    "JobNotFound",
    "JobNotRetryable",
    "JobQueue",
    "JobRepository",
    "JobState",
    "JobTables",
    "LeaseLost",
    "Messenger",
    "NewJob",
    "Pace",
    "PermanentFailure",
    "QuietHours",
    "Recurring",
    "ReminderRule",
    "ReminderSender",
    "ReminderTopic",
    "RetryLater",
    "RoundReport",
    "SegmentQuery",
    "Segments",
    "SendSchedule",
    "StoredSegments",
    "TokenBucket",
    "UnknownJobKind",
    "Worker",
    "WorkerSettings",
    "acquire",
    "acquire_slot",
    "all_active",
    "cancel_broadcast",
    "cancel_reminders",
    "create_broadcast",
    "is_quiet",
    "is_repeat",
    "next_allowed_send",
    "occurrence",
    "period_start",
    "plan_reminders",
    "recurring_key",
    "reminder_key",
    "schedule_all",
    "schedule_recurring",
    "schedule_reminders",
]

if TYPE_CHECKING:
    from sleeplab_core.jobs.fakes import FakeMessenger, FakeSegments, FakeSleep


def __getattr__(name: str) -> object:
    """The test fakes are imported on first use, not with the package (PEP 562)."""
    if name in _FAKES:
        from sleeplab_core.jobs import fakes

        return getattr(fakes, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_FAKES = frozenset({"FakeMessenger", "FakeSegments", "FakeSleep"})
