"""The worker: dispatch by kind, retries with backoff, dead letters, leases, graceful stop."""

from __future__ import annotations

from datetime import timedelta

import pytest
from jobs_support import T0

from sleeplab_core.jobs import (
    FakeSleep,
    InMemoryJobQueue,
    Job,
    JobContext,
    JobState,
    NewJob,
    PermanentFailure,
    RetryLater,
    Worker,
    WorkerSettings,
)
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.kernel.retry import RetryPolicy, Sleep
from sleeplab_core.storage import InMemoryStore

LEASE = timedelta(minutes=1)
BACKOFF = RetryPolicy(base_delay=10.0, max_delay=100.0)


async def enqueue(store: InMemoryStore, kind: str = "echo", **changes: object) -> Job:
    fields: dict[str, object] = {"kind": kind, "run_at": T0, **changes}
    async with store() as uow:
        job = await uow.jobs.enqueue(NewJob(**fields), T0)  # type: ignore[arg-type]
        await uow.commit()
    return job


async def stored(store: InMemoryStore, job_id: int) -> Job:
    async with store() as uow:
        job = await uow.jobs.get(job_id)
    assert job is not None
    return job


class Recorder:
    """A handler that records the jobs it ran and fails as told."""

    def __init__(self, *errors: Exception) -> None:
        self.ran: list[int] = []
        self._errors = list(errors)

    async def __call__(self, job: Job, context: JobContext) -> None:
        self.ran.append(job.id)
        if self._errors:
            raise self._errors.pop(0)


def make_worker(
    queue: InMemoryJobQueue,
    clock: FakeClock,
    handlers: dict[str, object],
    name: str = "w1",
    sleep: Sleep | None = None,
) -> Worker:
    return Worker(
        queue,
        handlers,  # type: ignore[arg-type]
        clock,
        WorkerSettings(name=name, lease=LEASE, backoff=BACKOFF),
        sleep=sleep or FakeSleep(clock),
        random=lambda: 0.5,
    )


async def test_a_due_job_runs_in_its_kinds_handler_and_succeeds(
    store: InMemoryStore, queue: InMemoryJobQueue, clock: FakeClock
) -> None:
    job = await enqueue(store, "echo")
    echo, other = Recorder(), Recorder()
    worker = make_worker(queue, clock, {"echo": echo, "other": other})

    report = await worker.run_once()

    assert report.succeeded == (job.id,)
    assert (echo.ran, other.ran) == ([job.id], [])
    assert (await stored(store, job.id)).state is JobState.SUCCEEDED


async def test_a_job_not_yet_due_is_left_alone(
    store: InMemoryStore, queue: InMemoryJobQueue, clock: FakeClock
) -> None:
    await enqueue(store, run_at=T0 + timedelta(hours=2))
    echo = Recorder()

    report = await make_worker(queue, clock, {"echo": echo}).run_once()

    assert (report.claimed, echo.ran) == (0, [])


async def test_a_failure_is_retried_after_a_jittered_exponential_backoff(
    store: InMemoryStore, queue: InMemoryJobQueue, clock: FakeClock
) -> None:
    job = await enqueue(store)
    worker = make_worker(queue, clock, {"echo": Recorder(RuntimeError("boom"), OSError("x"))})

    first = await worker.run_once()
    after_first = await stored(store, job.id)
    clock.advance(after_first.next_attempt_at - T0)
    second = await worker.run_once()
    after_second = await stored(store, job.id)
    clock.advance(after_second.next_attempt_at - clock.now())
    third = await worker.run_once()

    assert (first.retried, second.retried, third.succeeded) == ((job.id,), (job.id,), (job.id,))
    # random() = 0.5 of a ceiling of 10 s, then of 20 s.
    assert after_first.next_attempt_at == T0 + timedelta(seconds=5)
    assert after_second.next_attempt_at == T0 + timedelta(seconds=5 + 10)
    assert after_first.last_error == "RuntimeError: boom"


async def test_the_backoff_never_exceeds_the_cap(
    store: InMemoryStore, queue: InMemoryJobQueue, clock: FakeClock
) -> None:
    job = await enqueue(store, max_attempts=20)
    worker = Worker(
        queue,
        {"echo": Recorder(*(RuntimeError("boom") for _ in range(12)))},
        clock,
        WorkerSettings(name="w1", backoff=BACKOFF),
        random=lambda: 0.999,
    )

    waits = []
    for _ in range(12):
        await worker.run_once()
        retry_at = (await stored(store, job.id)).next_attempt_at
        waits.append((retry_at - clock.now()).total_seconds())
        clock.advance(retry_at - clock.now())

    assert max(waits) <= BACKOFF.max_delay
    assert waits[-1] == pytest.approx(0.999 * BACKOFF.max_delay)


async def test_a_job_is_dead_lettered_when_its_attempts_are_spent(
    store: InMemoryStore, queue: InMemoryJobQueue, clock: FakeClock
) -> None:
    job = await enqueue(store, max_attempts=2)
    worker = make_worker(queue, clock, {"echo": Recorder(RuntimeError("a"), RuntimeError("b"))})

    await worker.run_once()
    clock.advance(timedelta(hours=1))
    report = await worker.run_once()

    dead = await stored(store, job.id)
    assert report.dead == (job.id,)
    assert (dead.state, dead.attempts, dead.last_error) == (JobState.FAILED, 2, "RuntimeError: b")


async def test_a_permanent_failure_is_dead_lettered_at_once(
    store: InMemoryStore, queue: InMemoryJobQueue, clock: FakeClock
) -> None:
    job = await enqueue(store, max_attempts=10)
    worker = make_worker(queue, clock, {"echo": Recorder(PermanentFailure("no such run"))})

    report = await worker.run_once()

    assert report.dead == (job.id,)
    assert (await stored(store, job.id)).attempts == 1


async def test_retry_later_waits_at_least_as_long_as_asked(
    store: InMemoryStore, queue: InMemoryJobQueue, clock: FakeClock
) -> None:
    short, long = await enqueue(store, "short"), await enqueue(store, "long")
    worker = make_worker(
        queue,
        clock,
        {
            "short": Recorder(RetryLater("429", retry_after=42.0)),
            "long": Recorder(RetryLater("quiet hours", retry_after=8 * 3600.0)),
        },
    )

    await worker.run_once()

    assert (await stored(store, short.id)).next_attempt_at == T0 + timedelta(seconds=42)
    # Beyond the backoff cap a job simply waits as long as it was told.
    assert (await stored(store, long.id)).next_attempt_at == T0 + timedelta(hours=8)


async def test_an_unknown_kind_is_retried_rather_than_lost(
    store: InMemoryStore, queue: InMemoryJobQueue, clock: FakeClock
) -> None:
    job = await enqueue(store, "from.a.newer.release")

    report = await make_worker(queue, clock, {"echo": Recorder()}).run_once()

    retried = await stored(store, job.id)
    assert report.retried == (job.id,)
    assert retried.last_error is not None
    assert "from.a.newer.release" in retried.last_error


async def test_a_long_job_keeps_its_lease_with_heartbeats(
    store: InMemoryStore, queue: InMemoryJobQueue, clock: FakeClock
) -> None:
    job = await enqueue(store, "long")

    async def long_job(job: Job, context: JobContext) -> None:
        for _ in range(10):
            clock.advance(LEASE / 4)
            await context.heartbeat_if_due()
            assert await queue.release_expired_leases(clock.now()) == []

    report = await make_worker(queue, clock, {"long": long_job}).run_once()

    assert report.succeeded == (job.id,)


async def test_a_job_cancelled_while_running_is_not_recorded_as_done(
    store: InMemoryStore, queue: InMemoryJobQueue, clock: FakeClock
) -> None:
    job = await enqueue(store, "long")

    async def cancelled_midway(job: Job, context: JobContext) -> None:
        async with store() as uow:
            await uow.jobs.cancel(job.id, clock.now())
            await uow.commit()
        await context.heartbeat()

    report = await make_worker(queue, clock, {"long": cancelled_midway}).run_once()

    assert report.lost == (job.id,)
    assert (await stored(store, job.id)).state is JobState.CANCELLED


async def test_a_crashed_workers_job_is_run_again_by_another_after_the_lease(
    store: InMemoryStore, queue: InMemoryJobQueue, clock: FakeClock
) -> None:
    job = await enqueue(store)
    await queue.claim("crashed", T0, 10, LEASE)  # claimed, then the process was killed
    echo = Recorder()
    survivor = make_worker(queue, clock, {"echo": echo}, name="w2")

    before_expiry = await survivor.run_once()
    clock.advance(LEASE)
    after_expiry = await survivor.run_once()

    assert before_expiry.claimed == 0
    assert (after_expiry.released, after_expiry.succeeded) == ((job.id,), (job.id,))
    assert echo.ran == [job.id]


async def test_a_batch_runs_concurrently_and_each_job_is_recorded(
    store: InMemoryStore, queue: InMemoryJobQueue, clock: FakeClock
) -> None:
    jobs = [await enqueue(store) for _ in range(3)]
    failing = await enqueue(store, "fails")

    report = await make_worker(
        queue, clock, {"echo": Recorder(), "fails": Recorder(RuntimeError("x"))}
    ).run_once()

    assert sorted(report.succeeded) == [job.id for job in jobs]
    assert report.retried == (failing.id,)


async def test_run_waits_when_idle_and_stops_gracefully(
    store: InMemoryStore, queue: InMemoryJobQueue, clock: FakeClock
) -> None:
    echo = Recorder()
    sleep = FakeSleep(clock)
    job = await enqueue(store, run_at=T0 + timedelta(seconds=3))

    async def stop_when_done(seconds: float) -> None:
        await sleep(seconds)
        if echo.ran:
            worker.stop()  # an idle round's wait is where a stop request lands

    worker = make_worker(queue, clock, {"echo": echo}, sleep=stop_when_done)
    await worker.run()

    assert echo.ran == [job.id]
    assert (await stored(store, job.id)).state is JobState.SUCCEEDED
    assert sleep.waits == [1.0] * len(sleep.waits)


async def test_run_survives_a_failing_store(
    store: InMemoryStore, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    class FlakyQueue(InMemoryJobQueue):
        failures = 2

        async def release_expired_leases(self, now):  # type: ignore[no-untyped-def]
            if self.failures:
                self.failures -= 1
                raise ConnectionError("database is down")
            return await super().release_expired_leases(now)

    job = await enqueue(store)
    echo = Recorder()
    sleep = FakeSleep(clock)

    async def stop_when_done(seconds: float) -> None:
        await sleep(seconds)
        if echo.ran:
            worker.stop()

    worker = make_worker(FlakyQueue(store), clock, {"echo": echo}, sleep=stop_when_done)
    await worker.run()

    assert echo.ran == [job.id]
    assert "database is down" in caplog.text


async def test_a_job_whose_outcome_cannot_be_stored_runs_again_after_its_lease(
    store: InMemoryStore, clock: FakeClock
) -> None:
    class CompleteFailsOnce(InMemoryJobQueue):
        failures = 1

        async def complete(self, job_id, worker, now):  # type: ignore[no-untyped-def]
            if self.failures:
                self.failures -= 1
                raise ConnectionError("database is down")
            return await super().complete(job_id, worker, now)

    job, other = await enqueue(store), await enqueue(store, "other")
    echo = Recorder()
    worker = make_worker(CompleteFailsOnce(store), clock, {"echo": echo, "other": Recorder()})

    first = await worker.run_once()
    clock.advance(LEASE)
    second = await worker.run_once()

    assert (first.unrecorded, first.succeeded) == ((job.id,), (other.id,))
    assert (second.released, second.succeeded) == ((job.id,), (job.id,))
    assert echo.ran == [job.id, job.id]
