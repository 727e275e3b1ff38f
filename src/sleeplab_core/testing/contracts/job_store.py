"""The contract every job store passes: subclass JobStoreContract, provide ``uow_factory``
and ``queue`` over the same database.

The store's two faces are tested together: ``uow.jobs`` (enqueue in the caller's
transaction, cancel, retry by hand) and the workers' ``JobQueue`` (claim under a lease,
heartbeat, complete, fail, release expired leases), and the broadcast tables. Time comes
from the ``clock`` fixture; nothing here sleeps. The state machine at the end drives the store
and a plain model side by side; each example uses its own job kind and cancels what it leaves
unfinished, so the examples share one store.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import attrs
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from sleeplab_core.jobs import (
    DeliveryState,
    Job,
    JobNotCancellable,
    JobNotFound,
    JobNotRetryable,
    JobQueue,
    JobState,
    LeaseLost,
    NewJob,
    Recurring,
    RetryLater,
    Worker,
    WorkerSettings,
    schedule_recurring,
)
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.kernel.retry import RetryPolicy
from sleeplab_core.storage import UnitOfWorkFactory

T = TypeVar("T")
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
LEASE = timedelta(minutes=1)
CONCURRENT_CLAIMERS = 5
JOBS_FOR_CLAIMERS = 30


def new_job(kind: str = "diagnosis.deliver", **changes: object) -> NewJob:
    fields: dict[str, object] = {"kind": kind, "payload": {"run": "r1"}, "run_at": T0, **changes}
    return NewJob(**fields)  # type: ignore[arg-type]


class JobStoreContract:
    # A slower backend may lower these in its subclass (fewer examples), never skip the test.
    state_machine_settings = settings(
        max_examples=30,
        stateful_step_count=25,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )

    @pytest.fixture
    def clock(self) -> FakeClock:
        return FakeClock(T0)

    @pytest.fixture
    def uow_factory(self) -> UnitOfWorkFactory:
        raise NotImplementedError("a backend's subclass provides the uow_factory fixture")

    @pytest.fixture
    def queue(self, uow_factory: UnitOfWorkFactory) -> JobQueue:
        raise NotImplementedError("a backend's subclass provides the queue over the same store")

    async def enqueue(self, uow_factory: UnitOfWorkFactory, new: NewJob, now: datetime = T0) -> Job:
        async with uow_factory() as uow:
            job = await uow.jobs.enqueue(new, now)
            await uow.commit()
        return job

    async def stored(self, uow_factory: UnitOfWorkFactory, job_id: int) -> Job:
        async with uow_factory() as uow:
            job = await uow.jobs.get(job_id)
        assert job is not None
        return job

    # --- enqueue -----------------------------------------------------------------------

    async def test_an_enqueued_job_is_scheduled_with_no_attempts(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        job = await self.enqueue(uow_factory, new_job(user_id=7_412_345_678))

        stored = await self.stored(uow_factory, job.id)
        assert stored == job
        assert (stored.state, stored.attempts, stored.kind) == (
            JobState.SCHEDULED,
            0,
            "diagnosis.deliver",
        )
        assert (stored.run_at, stored.next_attempt_at, stored.created_at) == (T0, T0, T0)
        assert stored.user_id == 7_412_345_678

    async def test_the_payload_comes_back_as_the_same_json(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        payload = {"run": "r1", "levels": ["L0", "L1"], "n": 3, "ok": True, "x": None, "f": 0.5}

        job = await self.enqueue(uow_factory, new_job(payload=payload))

        assert (await self.stored(uow_factory, job.id)).payload == payload

    async def test_jobs_get_distinct_ids(self, uow_factory: UnitOfWorkFactory) -> None:
        first = await self.enqueue(uow_factory, new_job())
        second = await self.enqueue(uow_factory, new_job())

        assert first.id != second.id

    async def test_a_second_enqueue_with_the_same_key_returns_the_existing_job(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        first = await self.enqueue(uow_factory, new_job(unique_key="deliver:r1"))

        again = await self.enqueue(
            uow_factory,
            new_job(unique_key="deliver:r1", payload={"run": "other"}),
            T0 + timedelta(hours=1),
        )

        assert again == first
        async with uow_factory() as uow:
            assert await uow.jobs.list() == [first]

    async def test_concurrent_enqueues_with_one_key_store_one_job(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        jobs = await asyncio.gather(
            *(self.enqueue(uow_factory, new_job(unique_key="deliver:r1")) for _ in range(10))
        )

        assert len({job.id for job in jobs}) == 1
        async with uow_factory() as uow:
            assert len(await uow.jobs.list()) == 1

    async def test_a_job_enqueued_in_a_rolled_back_unit_of_work_does_not_exist(
        self, uow_factory: UnitOfWorkFactory, queue: JobQueue
    ) -> None:
        async def enqueue_then_fail() -> None:
            async with uow_factory() as uow:
                await uow.jobs.enqueue(new_job(unique_key="deliver:r1"), T0)
                raise RuntimeError("domain change failed")

        with pytest.raises(RuntimeError, match="domain change failed"):
            await enqueue_then_fail()
        async with uow_factory() as uow:
            await uow.jobs.enqueue(new_job(), T0)  # never committed

        async with uow_factory() as uow:
            assert await uow.jobs.list() == []
            assert await uow.jobs.find_by_key("deliver:r1") is None
        assert await queue.claim("w1", T0, 10, LEASE) == []

    async def test_an_enqueued_job_is_invisible_to_others_until_commit(
        self, uow_factory: UnitOfWorkFactory, queue: JobQueue
    ) -> None:
        async with uow_factory() as uow:
            job = await uow.jobs.enqueue(new_job(), T0)
            await uow.commit()

        assert [claimed.id for claimed in await queue.claim("w1", T0, 10, LEASE)] == [job.id]

    # --- claim -------------------------------------------------------------------------

    async def test_a_claim_for_some_kinds_leaves_the_other_kinds_scheduled(
        self, uow_factory: UnitOfWorkFactory, queue: JobQueue
    ) -> None:
        async with uow_factory() as uow:
            coach = await uow.jobs.enqueue(new_job("coach.remind"), T0)
            ours = await uow.jobs.enqueue(new_job("diagnosis.deliver", unique_key="a"), T0)
            also = await uow.jobs.enqueue(new_job("diagnosis.remind", unique_key="b"), T0)
            await uow.commit()

        claimed = await queue.claim(
            "w1", T0, 10, LEASE, kinds=frozenset({"diagnosis.deliver", "diagnosis.remind"})
        )
        assert sorted(job.id for job in claimed) == sorted([ours.id, also.id])
        assert await queue.claim("w1", T0, 10, LEASE, kinds=frozenset()) == []
        [left] = await queue.claim("w2", T0, 10, LEASE)
        assert left.id == coach.id
        assert left.kind == "coach.remind"

    async def test_only_due_jobs_are_claimed(
        self, uow_factory: UnitOfWorkFactory, queue: JobQueue
    ) -> None:
        due = await self.enqueue(uow_factory, new_job(run_at=T0))
        later = await self.enqueue(uow_factory, new_job(run_at=T0 + timedelta(hours=2)))

        now_claimed = await queue.claim("w1", T0, 10, LEASE)
        later_claimed = await queue.claim("w1", T0 + timedelta(hours=2), 10, LEASE)

        assert [job.id for job in now_claimed] == [due.id]
        assert [job.id for job in later_claimed] == [later.id]

    async def test_a_claim_takes_the_earliest_due_jobs_up_to_the_limit(
        self, uow_factory: UnitOfWorkFactory, queue: JobQueue
    ) -> None:
        jobs = [
            await self.enqueue(uow_factory, new_job(run_at=T0 - timedelta(minutes=m)))
            for m in (1, 3, 2)
        ]

        claimed = await queue.claim("w1", T0, 2, LEASE)

        assert [job.id for job in claimed] == [jobs[1].id, jobs[2].id]

    async def test_a_claimed_job_runs_leased_to_its_worker_with_one_more_attempt(
        self, uow_factory: UnitOfWorkFactory, queue: JobQueue
    ) -> None:
        await self.enqueue(uow_factory, new_job())

        [job] = await queue.claim("w1", T0 + timedelta(seconds=5), 10, LEASE)

        assert (job.state, job.attempts, job.lease_owner) == (JobState.RUNNING, 1, "w1")
        assert job.lease_expires_at == T0 + timedelta(seconds=5) + LEASE
        assert await self.stored(uow_factory, job.id) == job

    async def test_a_claimed_job_is_not_claimed_again_while_its_lease_holds(
        self, uow_factory: UnitOfWorkFactory, queue: JobQueue
    ) -> None:
        await self.enqueue(uow_factory, new_job())
        await queue.claim("w1", T0, 10, LEASE)
        just_before_expiry = T0 + LEASE - timedelta(seconds=1)

        released = await queue.release_expired_leases(just_before_expiry)
        claimed = await queue.claim("w2", just_before_expiry, 10, LEASE)

        assert (released, claimed) == ([], [])

    async def test_an_expired_lease_makes_the_job_claimable_by_another_worker(
        self, uow_factory: UnitOfWorkFactory, queue: JobQueue
    ) -> None:
        job = await self.enqueue(uow_factory, new_job())
        await queue.claim("crashed", T0, 10, LEASE)
        expiry = T0 + LEASE

        released = await queue.release_expired_leases(expiry)
        [reclaimed] = await queue.claim("w2", expiry, 10, LEASE)

        assert [r.id for r in released] == [job.id]
        assert released[0].state is JobState.SCHEDULED
        assert (reclaimed.id, reclaimed.lease_owner, reclaimed.attempts) == (job.id, "w2", 2)
        with pytest.raises(LeaseLost):
            await queue.complete(job.id, "crashed", expiry)

    async def test_a_heartbeat_keeps_the_lease(
        self, uow_factory: UnitOfWorkFactory, queue: JobQueue
    ) -> None:
        job = await self.enqueue(uow_factory, new_job())
        await queue.claim("w1", T0, 10, LEASE)
        halfway = T0 + LEASE / 2

        beaten = await queue.heartbeat(job.id, "w1", halfway, LEASE)
        released = await queue.release_expired_leases(T0 + LEASE)

        assert beaten.lease_expires_at == halfway + LEASE
        assert released == []
        assert await queue.claim("w2", T0 + LEASE, 10, LEASE) == []

    async def test_only_the_lease_holder_can_heartbeat_complete_or_fail(
        self, uow_factory: UnitOfWorkFactory, queue: JobQueue
    ) -> None:
        job = await self.enqueue(uow_factory, new_job())
        await queue.claim("w1", T0, 10, LEASE)

        with pytest.raises(LeaseLost):
            await queue.heartbeat(job.id, "w2", T0, LEASE)
        with pytest.raises(LeaseLost):
            await queue.complete(job.id, "w2", T0)
        with pytest.raises(LeaseLost):
            await queue.fail(job.id, "w2", T0, "boom", None)
        assert (await self.stored(uow_factory, job.id)).lease_owner == "w1"

    async def test_finishing_an_unknown_job_is_refused(self, queue: JobQueue) -> None:
        with pytest.raises(JobNotFound):
            await queue.complete(404, "w1", T0)

    async def test_two_concurrent_claimers_never_get_the_same_job(
        self, uow_factory: UnitOfWorkFactory, queue: JobQueue
    ) -> None:
        for _ in range(JOBS_FOR_CLAIMERS):
            await self.enqueue(uow_factory, new_job())

        async def claim_all(worker: str) -> list[int]:
            taken: list[int] = []
            while batch := await queue.claim(worker, T0, 2, LEASE):
                taken.extend(job.id for job in batch)
                await asyncio.sleep(0)
            return taken

        results = await asyncio.gather(*(claim_all(f"w{n}") for n in range(CONCURRENT_CLAIMERS)))

        all_taken = [job_id for taken in results for job_id in taken]
        assert len(all_taken) == len(set(all_taken)) == JOBS_FOR_CLAIMERS

    # --- complete, fail, retry ---------------------------------------------------------

    async def test_a_completed_job_succeeded_and_is_not_claimed_again(
        self, uow_factory: UnitOfWorkFactory, queue: JobQueue
    ) -> None:
        job = await self.enqueue(uow_factory, new_job())
        await queue.claim("w1", T0, 10, LEASE)

        done = await queue.complete(job.id, "w1", T0 + timedelta(seconds=3))

        assert (done.state, done.lease_owner, done.finished_at) == (
            JobState.SUCCEEDED,
            None,
            T0 + timedelta(seconds=3),
        )
        assert await queue.claim("w1", T0 + timedelta(days=1), 10, LEASE) == []
        assert await queue.release_expired_leases(T0 + timedelta(days=1)) == []

    async def test_completions_made_together_each_get_their_own_outcome(
        self, uow_factory: UnitOfWorkFactory, queue: JobQueue
    ) -> None:
        jobs = [await self.enqueue(uow_factory, new_job()) for _ in range(5)]
        mine = await queue.claim("w1", T0, 4, LEASE)
        theirs = await queue.claim("w2", T0, 1, LEASE)
        finish = [T0 + timedelta(seconds=n) for n in range(len(mine))]

        outcomes = await asyncio.gather(
            *(queue.complete(job.id, "w1", at) for job, at in zip(mine, finish, strict=True)),
            queue.complete(mine[0].id, "w1", T0),  # the same job twice
            queue.complete(theirs[0].id, "w1", T0),  # not this worker's lease
            queue.complete(404, "w1", T0),
            return_exceptions=True,
        )

        done = outcomes[: len(mine)]
        assert [(job.id, job.state, job.finished_at) for job in done] == [  # type: ignore[union-attr]
            (job.id, JobState.SUCCEEDED, at) for job, at in zip(mine, finish, strict=True)
        ]
        assert [type(error) for error in outcomes[len(mine) :]] == [
            LeaseLost,
            LeaseLost,
            JobNotFound,
        ]
        assert (await self.stored(uow_factory, theirs[0].id)).state is JobState.RUNNING
        assert {job.id for job in jobs} == {job.id for job in [*mine, *theirs]}

    async def test_outcomes_recorded_together_each_keep_their_own_kind(
        self, uow_factory: UnitOfWorkFactory, queue: JobQueue
    ) -> None:
        # A worker's batch finishes at once: successes, retries and dead letters interleave
        # (a store may record them in one statement; each still gets exactly its outcome).
        for _ in range(7):
            await self.enqueue(uow_factory, new_job(max_attempts=3))
        jobs = await queue.claim("w1", T0, 7, LEASE)
        # An earlier failure's error stays on a job that succeeds at its next attempt.
        await queue.fail(jobs[0].id, "w1", T0, "Timeout: first try", T0)
        [again] = await queue.claim("w1", T0, 7, LEASE)
        jobs[0] = again
        await self.enqueue(uow_factory, new_job())
        [theirs] = await queue.claim("w2", T0, 7, LEASE)
        later = T0 + timedelta(seconds=1)
        retry_at = later + timedelta(minutes=5)
        stamps = [later + timedelta(milliseconds=n) for n in range(len(jobs))]

        calls: list[Awaitable[Job]] = []
        for n, (job, at) in enumerate(zip(jobs, stamps, strict=True)):
            if n % 3 == 0:
                calls.append(queue.complete(job.id, "w1", at))
            elif n % 3 == 1:
                calls.append(queue.fail(job.id, "w1", at, f"RetryLater: {n}", retry_at))
            else:
                calls.append(queue.fail(job.id, "w1", at, f"PermanentFailure: {n}", None))
        outcomes = await asyncio.gather(
            *calls,
            queue.complete(theirs.id, "w1", later),  # w2 holds its lease
            queue.fail(404, "w1", later, "x", None),
            return_exceptions=True,
        )

        recorded = [job for job in outcomes[: len(jobs)] if isinstance(job, Job)]
        assert len(recorded) == len(jobs), outcomes
        expected: list[tuple[int, JobState, datetime, str | None, datetime | None]] = []
        for n, (job, at) in enumerate(zip(jobs, stamps, strict=True)):
            if n % 3 == 0:
                error = "Timeout: first try" if job.id == again.id else None
                expected.append((job.id, JobState.SUCCEEDED, job.next_attempt_at, error, at))
            elif n % 3 == 1:
                expected.append((job.id, JobState.SCHEDULED, retry_at, f"RetryLater: {n}", None))
            else:
                error = f"PermanentFailure: {n}"
                expected.append((job.id, JobState.FAILED, job.next_attempt_at, error, at))
        seen = [
            (job.id, job.state, job.next_attempt_at, job.last_error, job.finished_at)
            for job in recorded
        ]
        assert seen == expected
        for job, got in zip(jobs, recorded, strict=True):
            assert (got.lease_owner, got.lease_expires_at, got.attempts) == (
                None,
                None,
                job.attempts,
            )
            assert await self.stored(uow_factory, job.id) == got
        assert [type(error) for error in outcomes[len(jobs) :]] == [LeaseLost, JobNotFound]
        assert (await self.stored(uow_factory, theirs.id)).lease_owner == "w2"

    async def test_a_large_batch_is_claimed_and_completed_whole(
        self, uow_factory: UnitOfWorkFactory, queue: JobQueue
    ) -> None:
        count = 420  # more than one statement's worth on a store that splits batches
        async with uow_factory() as uow:
            for n in range(count):
                await uow.jobs.enqueue(new_job(run_at=T0 - timedelta(seconds=count - n)), T0)
            await uow.commit()

        claimed = await queue.claim("w1", T0, count + 10, LEASE)
        assert [job.next_attempt_at for job in claimed] == [
            T0 - timedelta(seconds=count - n) for n in range(count)
        ]
        assert {job.state for job in claimed} == {JobState.RUNNING}
        assert len({job.id for job in claimed}) == count
        done = await asyncio.gather(
            *(
                queue.complete(job.id, "w1", T0 + timedelta(microseconds=n))
                for n, job in enumerate(claimed)
            )
        )

        assert [(job.id, job.state, job.finished_at) for job in done] == [
            (job.id, JobState.SUCCEEDED, T0 + timedelta(microseconds=n))
            for n, job in enumerate(claimed)
        ]
        assert await queue.claim("w2", T0 + timedelta(days=1), count, LEASE) == []

    async def test_a_failed_attempt_waits_until_its_retry_time(
        self, uow_factory: UnitOfWorkFactory, queue: JobQueue
    ) -> None:
        job = await self.enqueue(uow_factory, new_job())
        await queue.claim("w1", T0, 10, LEASE)
        retry_at = T0 + timedelta(minutes=5)

        failed = await queue.fail(job.id, "w1", T0, "Timeout: telegram", retry_at)

        assert (failed.state, failed.next_attempt_at, failed.last_error) == (
            JobState.SCHEDULED,
            retry_at,
            "Timeout: telegram",
        )
        assert failed.run_at == T0
        assert await queue.claim("w1", retry_at - timedelta(seconds=1), 10, LEASE) == []
        [again] = await queue.claim("w1", retry_at, 10, LEASE)
        assert again.attempts == 2

    async def test_a_failure_without_retry_time_leaves_the_job_failed_for_inspection(
        self, uow_factory: UnitOfWorkFactory, queue: JobQueue
    ) -> None:
        job = await self.enqueue(uow_factory, new_job())
        await queue.claim("w1", T0, 10, LEASE)

        dead = await queue.fail(job.id, "w1", T0, "PermanentFailure: no such run", None)

        assert (dead.state, dead.last_error) == (JobState.FAILED, "PermanentFailure: no such run")
        assert await queue.claim("w1", T0 + timedelta(days=1), 10, LEASE) == []
        async with uow_factory() as uow:
            assert await uow.jobs.list(states=[JobState.FAILED]) == [dead]

    async def test_an_expired_lease_on_the_last_attempt_dead_letters_the_job(
        self, uow_factory: UnitOfWorkFactory, queue: JobQueue
    ) -> None:
        job = await self.enqueue(uow_factory, new_job(max_attempts=1))
        await queue.claim("crashed", T0, 10, LEASE)

        [released] = await queue.release_expired_leases(T0 + LEASE)

        assert (released.id, released.state) == (job.id, JobState.FAILED)
        assert released.last_error is not None

    async def test_the_worker_retries_with_backoff_then_dead_letters(
        self, uow_factory: UnitOfWorkFactory, queue: JobQueue, clock: FakeClock
    ) -> None:
        job = await self.enqueue(uow_factory, new_job(max_attempts=3))

        async def always_refused(job: Job, _context: object) -> None:
            raise RetryLater("telegram 500")

        policy = RetryPolicy(base_delay=10.0, max_delay=15.0)
        worker = Worker(
            queue,
            {"diagnosis.deliver": always_refused},
            clock,
            WorkerSettings(name="w1", backoff=policy),
            random=lambda: 0.5,
        )
        retry_times = []
        for _ in range(3):
            await worker.run_once()
            stored = await self.stored(uow_factory, job.id)
            retry_times.append(stored.next_attempt_at)
            clock.advance(stored.next_attempt_at - clock.now())

        assert stored.state is JobState.FAILED
        assert (stored.attempts, stored.last_error) == (3, "RetryLater: telegram 500")
        # Full jitter at 0.5: half of 10 s, then half of min(15, 20) s.
        assert retry_times[:2] == [T0 + timedelta(seconds=5), T0 + timedelta(seconds=12.5)]

    # --- cancel and retry by hand ------------------------------------------------------

    async def test_a_cancelled_job_is_never_claimed(
        self, uow_factory: UnitOfWorkFactory, queue: JobQueue
    ) -> None:
        job = await self.enqueue(uow_factory, new_job())

        async with uow_factory() as uow:
            cancelled = await uow.jobs.cancel(job.id, T0)
            await uow.commit()

        assert cancelled.state is JobState.CANCELLED
        assert await queue.claim("w1", T0 + timedelta(days=1), 10, LEASE) == []

    async def test_cancelling_frees_the_unique_key(self, uow_factory: UnitOfWorkFactory) -> None:
        first = await self.enqueue(uow_factory, new_job(unique_key="reminder:q:1:L0:24h"))
        async with uow_factory() as uow:
            await uow.jobs.cancel(first.id, T0)
            await uow.commit()

        second = await self.enqueue(uow_factory, new_job(unique_key="reminder:q:1:L0:24h"))

        assert second.id != first.id
        assert second.state is JobState.SCHEDULED
        async with uow_factory() as uow:
            assert await uow.jobs.find_by_key("reminder:q:1:L0:24h") == second

    async def test_cancelling_a_running_job_takes_its_lease_away(
        self, uow_factory: UnitOfWorkFactory, queue: JobQueue
    ) -> None:
        job = await self.enqueue(uow_factory, new_job())
        await queue.claim("w1", T0, 10, LEASE)

        async with uow_factory() as uow:
            await uow.jobs.cancel(job.id, T0)
            await uow.commit()

        with pytest.raises(LeaseLost):
            await queue.heartbeat(job.id, "w1", T0, LEASE)
        with pytest.raises(LeaseLost):
            await queue.complete(job.id, "w1", T0)
        assert (await self.stored(uow_factory, job.id)).state is JobState.CANCELLED

    async def test_cancelling_twice_is_harmless_but_a_succeeded_job_cannot_be_cancelled(
        self, uow_factory: UnitOfWorkFactory, queue: JobQueue
    ) -> None:
        cancelled = await self.enqueue(uow_factory, new_job())
        done = await self.enqueue(uow_factory, new_job())
        async with uow_factory() as uow:
            first = await uow.jobs.cancel(cancelled.id, T0)
            await uow.commit()
        await queue.claim("w1", T0, 10, LEASE)
        await queue.complete(done.id, "w1", T0)

        async with uow_factory() as uow:
            assert await uow.jobs.cancel(cancelled.id, T0 + timedelta(hours=1)) == first
            with pytest.raises(JobNotCancellable):
                await uow.jobs.cancel(done.id, T0)
            with pytest.raises(JobNotFound):
                await uow.jobs.cancel(404, T0)

    async def test_cancel_by_key_cancels_the_pending_job_holding_it(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        job = await self.enqueue(uow_factory, new_job(unique_key="reminder:q:1:L0:24h"))

        async with uow_factory() as uow:
            cancelled = await uow.jobs.cancel_by_key("reminder:q:1:L0:24h", T0)
            nothing = await uow.jobs.cancel_by_key("reminder:q:1:L0:72h", T0)
            await uow.commit()

        assert cancelled is not None
        assert (cancelled.id, cancelled.state) == (job.id, JobState.CANCELLED)
        assert nothing is None

    async def test_cancel_by_key_leaves_a_finished_job_alone(
        self, uow_factory: UnitOfWorkFactory, queue: JobQueue
    ) -> None:
        job = await self.enqueue(uow_factory, new_job(unique_key="deliver:r1"))
        await queue.claim("w1", T0, 10, LEASE)
        await queue.complete(job.id, "w1", T0)

        async with uow_factory() as uow:
            assert await uow.jobs.cancel_by_key("deliver:r1", T0) is None
            assert (await uow.jobs.find_by_key("deliver:r1")) == await uow.jobs.get(job.id)

    async def test_a_failed_job_can_be_retried_by_hand(
        self, uow_factory: UnitOfWorkFactory, queue: JobQueue
    ) -> None:
        job = await self.enqueue(uow_factory, new_job(max_attempts=1))
        await queue.claim("w1", T0, 10, LEASE)
        await queue.fail(job.id, "w1", T0, "boom", None)
        later = T0 + timedelta(days=2)

        async with uow_factory() as uow:
            retried = await uow.jobs.retry(job.id, later)
            await uow.commit()

        assert (retried.state, retried.attempts, retried.next_attempt_at) == (
            JobState.SCHEDULED,
            0,
            later,
        )
        [claimed] = await queue.claim("w1", later, 10, LEASE)
        assert claimed.id == job.id

    async def test_only_failed_jobs_can_be_retried_by_hand(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        job = await self.enqueue(uow_factory, new_job())

        async with uow_factory() as uow:
            with pytest.raises(JobNotRetryable):
                await uow.jobs.retry(job.id, T0)
            with pytest.raises(JobNotFound):
                await uow.jobs.retry(404, T0)

    # --- recurring and listing ---------------------------------------------------------

    async def test_a_recurring_job_is_scheduled_once_per_period(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        nightly = Recurring(kind="reports.nightly", every=timedelta(days=1))
        moments = [T0, T0 + timedelta(hours=3), T0 + timedelta(hours=11, minutes=59)]
        next_day = T0 + timedelta(hours=12)

        async def schedule(now: datetime) -> Job:
            async with uow_factory() as uow:
                job = await schedule_recurring(uow.jobs, nightly, now)
                await uow.commit()
            return job

        same_period = await asyncio.gather(*(schedule(moment) for moment in moments))
        following = await schedule(next_day)

        assert len({job.id for job in same_period}) == 1
        assert same_period[0].run_at == datetime(2026, 3, 1, tzinfo=UTC)
        assert following.id != same_period[0].id
        assert following.run_at == datetime(2026, 3, 2, tzinfo=UTC)

    async def test_jobs_are_listed_by_state_kind_and_user(
        self, uow_factory: UnitOfWorkFactory, queue: JobQueue
    ) -> None:
        delivery = await self.enqueue(uow_factory, new_job(user_id=1))
        reminder = await self.enqueue(uow_factory, new_job("reminder.send", user_id=2))
        later = await self.enqueue(
            uow_factory, new_job("reminder.send", user_id=1, run_at=T0 + timedelta(hours=1))
        )
        await queue.claim("w1", T0, 1, LEASE)  # the delivery: oldest id among equals

        async with uow_factory() as uow:
            by_state = await uow.jobs.list(states=[JobState.SCHEDULED])
            by_kind = await uow.jobs.list(kind="reminder.send")
            by_user = await uow.jobs.list(user_id=1)
            limited = await uow.jobs.list(limit=1)

        assert [job.id for job in by_state] == [reminder.id, later.id]
        assert [job.id for job in by_kind] == [reminder.id, later.id]
        assert [job.id for job in by_user] == [delivery.id, later.id]
        assert [job.id for job in limited] == [delivery.id]

    # --- broadcasts ---------------------------------------------------------------------

    async def test_a_broadcast_keeps_one_delivery_per_recipient(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            broadcast = await uow.broadcasts.create("all_active", "news.1", "operator", T0)
            first = await uow.broadcasts.add_recipients(broadcast.id, [3, 1, 2], T0)
            again = await uow.broadcasts.add_recipients(broadcast.id, [2, 3, 4], T0)
            await uow.commit()

        async with uow_factory() as uow:
            deliveries = await uow.broadcasts.deliveries(broadcast.id)
            assert await uow.broadcasts.get(broadcast.id) == broadcast
        assert (first, again) == (3, 1)
        assert [d.user_id for d in deliveries] == [1, 2, 3, 4]
        assert {d.state for d in deliveries} == {DeliveryState.PENDING}

    async def test_deliveries_are_filtered_by_state_and_saved(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            broadcast = await uow.broadcasts.create("all_active", "news.1", "operator", T0)
            await uow.broadcasts.add_recipients(broadcast.id, [1, 2, 3], T0)
            [one, *_] = await uow.broadcasts.deliveries(broadcast.id)
            await uow.broadcasts.save_delivery(
                attrs.evolve(one, state=DeliveryState.SENT, updated_at=T0 + timedelta(seconds=1))
            )
            await uow.broadcasts.save(broadcast.counted(DeliveryState.SENT))
            await uow.commit()

        async with uow_factory() as uow:
            pending = await uow.broadcasts.deliveries(
                broadcast.id, states=[DeliveryState.PENDING], limit=1
            )
            sent = await uow.broadcasts.deliveries(broadcast.id, states=[DeliveryState.SENT])
            stored = await uow.broadcasts.get(broadcast.id)
        assert [d.user_id for d in pending] == [2]
        assert [(d.user_id, d.updated_at) for d in sent] == [(1, T0 + timedelta(seconds=1))]
        assert stored is not None
        assert stored.sent == 1

    async def test_a_delivery_is_started_only_once(self, uow_factory: UnitOfWorkFactory) -> None:
        async with uow_factory() as uow:
            broadcast = await uow.broadcasts.create("all_active", "news.1", "operator", T0)
            await uow.broadcasts.add_recipients(broadcast.id, [1], T0)
            await uow.commit()

        async def start() -> bool:
            async with uow_factory() as uow:
                started = await uow.broadcasts.start_delivery(broadcast.id, 1, T0)
                await uow.commit()
            return started

        results = await asyncio.gather(*(start() for _ in range(5)))

        assert sorted(results) == [False, False, False, False, True]
        async with uow_factory() as uow:
            [delivery] = await uow.broadcasts.deliveries(broadcast.id)
            assert not await uow.broadcasts.start_delivery(broadcast.id, 404, T0)
        assert delivery.state is DeliveryState.SENDING

    # --- stateful ------------------------------------------------------------------------

    def test_random_operations_agree_with_a_simple_model(
        self,
        uow_factory: UnitOfWorkFactory,
        queue: JobQueue,
        clock: FakeClock,
        running_loop: asyncio.AbstractEventLoop,
    ) -> None:
        run_state_machine_as_test(
            # hypothesis accepts any factory; its stubs ask for the class
            lambda: JobStoreMachine(uow_factory, queue, clock, running_loop, next(_examples)),  # type: ignore[arg-type]
            settings=self.state_machine_settings,
        )

    @pytest.fixture
    async def running_loop(self, queue: JobQueue) -> asyncio.AbstractEventLoop:
        """The loop the store was built on; the (synchronous) state machine drives it."""
        return asyncio.get_running_loop()


_examples = itertools.count()


@attrs.define
class ModelJob:
    """The model's idea of one job: the rules of the store written as plainly as possible."""

    id: int
    key: str | None
    max_attempts: int
    next_attempt_at: datetime
    state: JobState = JobState.SCHEDULED
    attempts: int = 0
    owner: str | None = None
    expires: datetime | None = None

    def held_by(self, worker: str) -> bool:
        return self.state is JobState.RUNNING and self.owner == worker

    def is_due(self, now: datetime) -> bool:
        return self.state is JobState.SCHEDULED and self.next_attempt_at <= now

    def lease_expired(self, now: datetime) -> bool:
        return self.state is JobState.RUNNING and self.expires is not None and self.expires <= now

    def holds_key(self, key: str | None) -> bool:
        return key is not None and self.key == key and self.state is not JobState.CANCELLED

    def snapshot(self) -> tuple[object, ...]:
        return (self.state, self.attempts, self.next_attempt_at, self.owner, self.expires)

    def drop_lease(self) -> None:
        self.owner, self.expires = None, None


workers = st.sampled_from(["w1", "w2"])
picks = st.integers(min_value=0, max_value=1000)


class JobStoreMachine(RuleBasedStateMachine):
    """Drives a store and the model side by side; each example uses its own job kind and
    keys, and cancels what it leaves unfinished, so examples share one store safely."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        queue: JobQueue,
        clock: FakeClock,
        loop: asyncio.AbstractEventLoop,
        example: int,
    ) -> None:
        super().__init__()
        self.uow_factory, self.queue, self.clock, self.loop = uow_factory, queue, clock, loop
        self.kind = f"sm{example}"
        self.model: dict[int, ModelJob] = {}

    def run(self, awaitable: Awaitable[T]) -> T:
        return self.loop.run_until_complete(_wrap(awaitable))

    def pick(self, index: int) -> ModelJob:
        ids = sorted(self.model)
        return self.model[ids[index % len(ids)]]

    def running(self) -> list[ModelJob]:
        return sorted(
            (j for j in self.model.values() if j.state is JobState.RUNNING), key=lambda j: j.id
        )

    async def in_uow(self, operation: str, *args: object) -> Job:
        async with self.uow_factory() as uow:
            job: Job = await getattr(uow.jobs, operation)(*args)
            await uow.commit()
        return job

    @rule(
        key=st.none() | st.sampled_from("abc"),
        delay=st.sampled_from([0, 0, 0, 2, 5]),  # mostly due at once
        max_attempts=st.integers(min_value=1, max_value=3),
    )
    def enqueue(self, key: str | None, delay: int, max_attempts: int) -> None:
        now = self.clock.now()
        full_key = None if key is None else f"{self.kind}:{key}"
        new = NewJob(
            kind=self.kind,
            run_at=now + timedelta(minutes=delay),
            unique_key=full_key,
            max_attempts=max_attempts,
        )
        holder = next((j for j in self.model.values() if j.holds_key(full_key)), None)

        job = self.run(self.in_uow("enqueue", new, now))

        if holder is not None:
            assert job.id == holder.id
        else:
            assert job.id not in self.model
            self.model[job.id] = ModelJob(job.id, full_key, max_attempts, new.run_at)

    @rule(worker=workers, limit=st.integers(min_value=1, max_value=3))
    def claim(self, worker: str, limit: int) -> None:
        now = self.clock.now()
        due = sorted(
            (j for j in self.model.values() if j.is_due(now)),
            key=lambda j: (j.next_attempt_at, j.id),
        )[:limit]

        claimed = self.run(self.queue.claim(worker, now, limit, LEASE))

        assert [job.id for job in claimed] == [j.id for j in due]
        for j in due:
            j.state, j.attempts, j.owner, j.expires = (
                JobState.RUNNING,
                j.attempts + 1,
                worker,
                now + LEASE,
            )

    @rule()
    def release_expired_leases(self) -> None:
        now = self.clock.now()
        expired = [j for j in self.model.values() if j.lease_expired(now)]

        released = self.run(self.queue.release_expired_leases(now))

        assert sorted(job.id for job in released) == sorted(j.id for j in expired)
        for j in expired:
            j.drop_lease()
            if j.attempts >= j.max_attempts:
                j.state = JobState.FAILED
            else:
                j.state, j.next_attempt_at = JobState.SCHEDULED, now

    @precondition(lambda self: self.running())
    @rule(index=picks)
    def heartbeat_by_the_holder(self, index: int) -> None:
        j, now = self.running()[index % len(self.running())], self.clock.now()
        assert j.owner is not None

        self.run(self.queue.heartbeat(j.id, j.owner, now, LEASE))

        j.expires = now + LEASE

    @precondition(lambda self: self.running())
    @rule(index=picks)
    def complete_by_the_holder(self, index: int) -> None:
        j, now = self.running()[index % len(self.running())], self.clock.now()
        assert j.owner is not None

        self.run(self.queue.complete(j.id, j.owner, now))

        j.state = JobState.SUCCEEDED
        j.drop_lease()

    @precondition(lambda self: self.running())
    @rule(index=picks, retry_in=st.none() | st.integers(min_value=0, max_value=5))
    def fail_by_the_holder(self, index: int, retry_in: int | None) -> None:
        j, now = self.running()[index % len(self.running())], self.clock.now()
        assert j.owner is not None
        retry_at = None if retry_in is None else now + timedelta(minutes=retry_in)

        self.run(self.queue.fail(j.id, j.owner, now, "boom", retry_at))

        j.drop_lease()
        if retry_at is None:
            j.state = JobState.FAILED
        else:
            j.state, j.next_attempt_at = JobState.SCHEDULED, retry_at

    @precondition(lambda self: self.model)
    @rule(worker=workers, index=picks, action=st.sampled_from(["heartbeat", "complete", "fail"]))
    def act_without_the_lease(self, worker: str, index: int, action: str) -> None:
        j, now = self.pick(index), self.clock.now()
        if j.held_by(worker):
            return
        calls = {
            "heartbeat": lambda: self.queue.heartbeat(j.id, worker, now, LEASE),
            "complete": lambda: self.queue.complete(j.id, worker, now),
            "fail": lambda: self.queue.fail(j.id, worker, now, "boom", None),
        }
        with pytest.raises(LeaseLost):
            self.run(calls[action]())

    @precondition(lambda self: self.model)
    @rule(index=picks)
    def cancel(self, index: int) -> None:
        j, now = self.pick(index), self.clock.now()
        if j.state is JobState.SUCCEEDED:
            with pytest.raises(JobNotCancellable):
                self.run(self.in_uow("cancel", j.id, now))
            return
        self.run(self.in_uow("cancel", j.id, now))
        j.state = JobState.CANCELLED
        j.drop_lease()

    @precondition(lambda self: self.model)
    @rule(index=picks)
    def retry_by_hand(self, index: int) -> None:
        j, now = self.pick(index), self.clock.now()
        if j.state is not JobState.FAILED:
            with pytest.raises(JobNotRetryable):
                self.run(self.in_uow("retry", j.id, now))
            return
        self.run(self.in_uow("retry", j.id, now))
        j.state, j.attempts, j.next_attempt_at = JobState.SCHEDULED, 0, now

    @rule(minutes=st.integers(min_value=0, max_value=3))
    def advance(self, minutes: int) -> None:
        self.clock.advance(timedelta(minutes=minutes))

    @invariant()
    def the_store_agrees_with_the_model(self) -> None:
        stored = self.run(self._stored())
        expected = {j.id: j.snapshot() for j in self.model.values()}
        assert {job.id: _snapshot(job) for job in stored} == expected
        live = [job.unique_key for job in stored if job.state is not JobState.CANCELLED]
        live_keys = [key for key in live if key is not None]
        assert len(live_keys) == len(set(live_keys))

    async def _stored(self) -> list[Job]:
        async with self.uow_factory() as uow:
            return await uow.jobs.list(kind=self.kind, limit=10_000)

    def teardown(self) -> None:
        # Later examples claim from the same store: leave nothing claimable behind.
        for j in self.model.values():
            if j.state not in (JobState.SUCCEEDED, JobState.CANCELLED):
                self.run(self.in_uow("cancel", j.id, self.clock.now()))


def _snapshot(job: Job) -> tuple[object, ...]:
    return (job.state, job.attempts, job.next_attempt_at, job.lease_owner, job.lease_expires_at)


async def _wrap(awaitable: Awaitable[T]) -> T:
    return await awaitable
