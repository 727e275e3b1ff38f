"""The worker: claims due jobs, runs their handlers, and records success, retry or death.

Clock-driven: the time comes from the Clock, waits go through an injected ``sleep``, and
randomness (backoff jitter) through an injected ``random`` — so tests use a FakeClock and
a sleep that advances it, and never wait. Delivery is at least once: a worker that dies
mid-job leaves it leased until the lease expires, then another worker runs it again.
"""

from __future__ import annotations

import asyncio
import logging
import random as _random
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta

import attrs

from sleeplab_core.jobs.errors import LeaseLost, PermanentFailure, RetryLater, UnknownJobKind
from sleeplab_core.jobs.model import Job, JobState
from sleeplab_core.jobs.ports import JobQueue
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.retry import Random, RetryPolicy, Sleep, delay_with_hint

log = logging.getLogger(__name__)

MAX_ERROR_LENGTH = 2000

DEFAULT_BACKOFF = RetryPolicy(attempts=1, base_delay=30.0, max_delay=6 * 3600.0)
"""Job retries wait up to 30 s, 60 s, 120 s, ... (full jitter), never more than 6 hours.
``attempts`` is unused here: each job carries its own ``max_attempts``."""


@attrs.frozen
class JobContext:
    """What a handler gets besides its job: the time, and a way to keep its lease."""

    job: Job
    clock: Clock
    heartbeat_interval: timedelta
    """How often a long job should heartbeat (a third of the lease)."""
    _heartbeat: Callable[[], Awaitable[None]]
    _heartbeat_due: Callable[[], bool]

    async def heartbeat(self) -> None:
        """Extend the lease now. Raises LeaseLost when the job was taken away."""
        await self._heartbeat()

    async def heartbeat_if_due(self) -> None:
        """Extend the lease when ``heartbeat_interval`` has passed; call it often from long
        loops, and between the pieces of any wait longer than the interval."""
        if self._heartbeat_due():
            await self._heartbeat()


Handler = Callable[[Job, JobContext], Awaitable[None]]
"""Runs one job. Returning means success; raising means failure: PermanentFailure
dead-letters at once, RetryLater's ``retry_after`` is a floor for the next try, anything
else is retried with backoff until the job's attempts are spent."""


@attrs.frozen
class WorkerSettings:
    """How a worker behaves.

    Attributes:
        name: unique per worker process/task; it owns the leases it takes.
        lease: how long a claimed job stays reserved without a heartbeat; also the longest
            a crashed worker delays its jobs.
        batch_size: jobs claimed (and run concurrently) per round.
        poll_interval: seconds to wait after a round that found nothing to do.
        backoff: the retry delays (via the kernel's one retry helper).
    """

    name: str
    lease: timedelta = timedelta(minutes=2)
    batch_size: int = 10
    poll_interval: float = 1.0
    backoff: RetryPolicy = DEFAULT_BACKOFF


@attrs.frozen
class RoundReport:
    """What one round of :meth:`Worker.run_once` did, by job id.

    ``lost``: the job was taken away (cancelled, lease expired) while it ran; ``unrecorded``:
    its outcome could not be stored, so it runs again once its lease expires.
    """

    released: tuple[int, ...] = ()
    succeeded: tuple[int, ...] = ()
    retried: tuple[int, ...] = ()
    dead: tuple[int, ...] = ()
    lost: tuple[int, ...] = ()
    unrecorded: tuple[int, ...] = ()

    @property
    def claimed(self) -> int:
        outcomes = (self.succeeded, self.retried, self.dead, self.lost, self.unrecorded)
        return sum(len(ids) for ids in outcomes)


class Worker:
    """Runs due jobs from a :class:`~sleeplab_core.jobs.ports.JobQueue`.

    Args:
        queue: the job store's worker side.
        handlers: a handler per job kind.
        clock: the time.
        settings: name, lease, batch size, poll interval, backoff.
        sleep: awaited between idle rounds (a FakeSleep in tests).
        random: jitter source in [0, 1).
        own_kinds_only: claim only the kinds ``handlers`` has (a worker running one bot's
            jobs beside another bot's, e.g. inside the terminal chat). By default every due
            job is claimed, and one of an unknown kind is retried later (a newer release's
            job waits for the worker that knows it instead of being lost).
    """

    def __init__(
        self,
        queue: JobQueue,
        handlers: Mapping[str, Handler],
        clock: Clock,
        settings: WorkerSettings,
        *,
        sleep: Sleep = asyncio.sleep,
        random: Random = _random.random,
        own_kinds_only: bool = False,
    ) -> None:
        self._queue = queue
        self._handlers = dict(handlers)
        self._clock = clock
        self._settings = settings
        self._sleep = sleep
        self._random = random
        self._kinds = frozenset(self._handlers) if own_kinds_only else None
        self._stopping = False

    @property
    def name(self) -> str:
        return self._settings.name

    def stop(self) -> None:
        """Ask :meth:`run` to return after the jobs in flight are recorded."""
        self._stopping = True

    async def run(self) -> None:
        """Run rounds until :meth:`stop`; idle rounds wait ``poll_interval``.

        A failing store (database down) is logged and retried after the poll interval.
        """
        while not self._stopping:
            try:
                report = await self.run_once()
            except Exception:
                log.exception("worker %s: a round failed; retrying", self.name)
                report = RoundReport()
            if report.claimed == 0 and not self._stopping:
                await self._sleep(self._settings.poll_interval)

    async def run_once(self) -> RoundReport:
        """Release expired leases, claim a batch of due jobs and run them to a record."""
        now = self._clock.now()
        released = await self._queue.release_expired_leases(now)
        jobs = await self._queue.claim(
            self.name, now, self._settings.batch_size, self._settings.lease, self._kinds
        )
        results = await asyncio.gather(*(self._run(job) for job in jobs), return_exceptions=True)
        outcomes = [self._settled(job, result) for job, result in zip(jobs, results, strict=True)]

        def ids(outcome: str) -> tuple[int, ...]:
            return tuple(job.id for job, got in zip(jobs, outcomes, strict=True) if got == outcome)

        return RoundReport(
            released=tuple(job.id for job in released),
            succeeded=ids("succeeded"),
            retried=ids("retried"),
            dead=ids("dead"),
            lost=ids("lost"),
            unrecorded=ids("unrecorded"),
        )

    def _settled(self, job: Job, result: str | BaseException) -> str:
        if isinstance(result, Exception):
            # Recording failed (the database went away): the lease will expire and the job
            # run again, as after a crash.
            log.error("worker %s could not record job %s", self.name, job.id, exc_info=result)
            return "unrecorded"
        if isinstance(result, BaseException):
            raise result  # cancellation and interpreter exits are not ours to swallow
        return result

    async def _run(self, job: Job) -> str:
        handler = self._handlers.get(job.kind)
        try:
            if handler is None:
                raise UnknownJobKind(job.kind)
            await handler(job, self._context(job))
        except LeaseLost:
            log.warning("worker %s lost job %s (%s) while running it", self.name, job.id, job.kind)
            return "lost"
        except Exception as error:
            return await self._record_failure(job, error)
        return await self._record(job, self._queue.complete(job.id, self.name, self._now()))

    async def _record_failure(self, job: Job, error: Exception) -> str:
        message = f"{type(error).__name__}: {error}"[:MAX_ERROR_LENGTH]
        retry_at = self._retry_at(job, error)
        log.warning("job %s (%s) attempt %s failed: %s", job.id, job.kind, job.attempts, message)
        recorded = self._queue.fail(job.id, self.name, self._now(), message, retry_at)
        return await self._record(job, recorded)

    async def _record(self, job: Job, recording: Awaitable[Job]) -> str:
        try:
            stored = await recording
        except LeaseLost:
            log.warning("worker %s lost job %s before recording it", self.name, job.id)
            return "lost"
        if stored.state is JobState.SUCCEEDED:
            return "succeeded"
        return "dead" if stored.state is JobState.FAILED else "retried"

    def _retry_at(self, job: Job, error: Exception) -> datetime | None:
        if isinstance(error, PermanentFailure) or job.attempts >= job.max_attempts:
            return None
        hint = error.retry_after if isinstance(error, RetryLater) else None
        delay = delay_with_hint(self._settings.backoff, job.attempts - 1, hint, self._random)
        # The helper gives up on hints beyond its cap; a job can simply wait that long.
        seconds = delay if delay is not None else hint or 0.0
        return self._now() + timedelta(seconds=seconds)

    def _context(self, job: Job) -> JobContext:
        last_beat = self._now()

        async def heartbeat() -> None:
            nonlocal last_beat
            last_beat = self._now()
            await self._queue.heartbeat(job.id, self.name, last_beat, self._settings.lease)

        interval = self._settings.lease / 3

        def heartbeat_due() -> bool:
            return self._now() - last_beat >= interval

        return JobContext(job, self._clock, interval, heartbeat, heartbeat_due)

    def _now(self) -> datetime:
        return self._clock.now()
