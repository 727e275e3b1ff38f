"""Broadcasts end to end on fakes: every recipient once, at the rate, through 429/500/403."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Sequence
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jobs_support import T0, most_in_any_window

from sleeplab_core.conversation.actions import Action
from sleeplab_core.jobs import (
    BROADCAST_JOB_KIND,
    BroadcastSender,
    BroadcastState,
    DeliveryState,
    FakeMessenger,
    FakeSegments,
    FakeSleep,
    InMemoryJobQueue,
    JobState,
    RetryLater,
    TokenBucket,
    Worker,
    WorkerSettings,
    cancel_broadcast,
    create_broadcast,
)
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.kernel.i18n import DictCatalog
from sleeplab_core.kernel.retry import RetryPolicy
from sleeplab_core.kernel.users import User
from sleeplab_core.storage import InMemoryStore

RATE = 25.0
RECIPIENTS = list(range(1, 61))
CATALOG = DictCatalog({"en": {"news.1": "Sleep tips are out"}, "ru": {"news.1": "Советы вышли"}})
POLICY = RetryPolicy(attempts=4, base_delay=1.0, max_delay=60.0)
LEASE = timedelta(minutes=1)


class Crash(BaseException):
    """Stands in for SIGKILL: nothing below the test catches it."""


class Rig:
    """A store with users, a broadcast job, and a worker wired to fakes."""

    def __init__(self, store: InMemoryStore, clock: FakeClock, messenger: FakeMessenger) -> None:
        self.store, self.clock, self.messenger = store, clock, messenger
        self.queue = InMemoryJobQueue(store)
        self.segments = FakeSegments({"all_active": RECIPIENTS, "empty": []})

    async def add_users(self) -> None:
        async with self.store() as uow:
            for user_id in RECIPIENTS:
                locale = "ru" if user_id % 2 else "en"
                await uow.users.save(User(id=user_id, created_at=T0, locale=locale))
            await uow.commit()

    async def create(self, segment: str = "all_active") -> int:
        async with self.store() as uow:
            broadcast, _ = await create_broadcast(uow, segment, "news.1", "operator:ann", T0)
            await uow.commit()
        return broadcast.id

    def worker(
        self,
        name: str = "w1",
        messenger: object | None = None,
        sleep: FakeSleep | None = None,
        policy: RetryPolicy = POLICY,
    ) -> Worker:
        sleep = sleep or FakeSleep(self.clock)
        sender = BroadcastSender(
            self.store,
            messenger or self.messenger,  # type: ignore[arg-type]
            self.segments,
            CATALOG,
            self.clock,
            limiter=TokenBucket(rate=RATE),
            sleep=sleep,
            policy=policy,
            random=lambda: 0.5,
            batch_size=7,
        )
        settings = WorkerSettings(name=name, lease=LEASE)
        return Worker(self.queue, {BROADCAST_JOB_KIND: sender}, self.clock, settings, sleep=sleep)

    async def broadcast(self, broadcast_id: int):  # type: ignore[no-untyped-def]
        async with self.store() as uow:
            broadcast = await uow.broadcasts.get(broadcast_id)
            deliveries = await uow.broadcasts.deliveries(broadcast_id)
        return broadcast, {d.user_id: d.state for d in deliveries}

    async def job_state(self) -> JobState:
        async with self.store() as uow:
            [job] = await uow.jobs.list(kind=BROADCAST_JOB_KIND)
        return job.state


@pytest.fixture
async def rig(store: InMemoryStore, clock: FakeClock) -> Rig:
    rig = Rig(store, clock, FakeMessenger(clock))
    await rig.add_users()
    return rig


async def test_a_broadcast_reaches_every_recipient_once_in_their_language(rig: Rig) -> None:
    broadcast_id = await rig.create()

    await rig.worker().run_once()

    broadcast, deliveries = await rig.broadcast(broadcast_id)
    assert broadcast.state is BroadcastState.COMPLETED
    assert (broadcast.total, broadcast.sent) == (len(RECIPIENTS), len(RECIPIENTS))
    assert rig.messenger.recipients() == RECIPIENTS
    assert set(deliveries.values()) == {DeliveryState.SENT}
    texts = {user: actions[0].screen.text for user, actions in rig.messenger.sent}  # type: ignore[attr-defined]
    assert (texts[1], texts[2]) == ("Советы вышли", "Sleep tips are out")
    assert await rig.job_state() is JobState.SUCCEEDED


async def test_the_send_rate_never_exceeds_the_limit(rig: Rig) -> None:
    rig.messenger.fail_next(10, RetryLater("500"), RetryLater("500"))
    rig.messenger.fail_next(20, RetryLater("429", retry_after=2.0))
    await rig.create()

    await rig.worker().run_once()

    attempts = sorted(moment for moment, _ in rig.messenger.attempts)
    assert most_in_any_window(attempts, timedelta(seconds=1)) <= RATE
    elapsed = (attempts[-1] - attempts[0]).total_seconds()
    assert len(attempts) / elapsed <= RATE


async def test_a_429_pauses_all_sends_for_its_retry_after(rig: Rig) -> None:
    rig.messenger.fail_next(20, RetryLater("429", retry_after=3.0))
    broadcast_id = await rig.create()

    await rig.worker().run_once()

    moments = [moment for moment, _ in rig.messenger.attempts]
    refused_at = next(m for m, user in rig.messenger.attempts if user == 20)
    assert not [m for m in moments if refused_at < m < refused_at + timedelta(seconds=3)]
    assert Counter(rig.messenger.recipients())[20] == 1
    broadcast, _ = await rig.broadcast(broadcast_id)
    assert broadcast.sent == len(RECIPIENTS)


async def test_server_errors_are_retried_and_a_hopeless_recipient_is_counted_failed(
    rig: Rig,
) -> None:
    rig.messenger.fail_next(7, RetryLater("500"), RetryLater("timeout"))
    rig.messenger.fail_next(8, *(RetryLater("500") for _ in range(POLICY.attempts)))
    broadcast_id = await rig.create()

    await rig.worker().run_once()

    broadcast, deliveries = await rig.broadcast(broadcast_id)
    assert (deliveries[7], deliveries[8]) == (DeliveryState.SENT, DeliveryState.FAILED)
    assert (broadcast.sent, broadcast.failed) == (len(RECIPIENTS) - 1, 1)
    assert broadcast.state is BroadcastState.COMPLETED


async def test_a_user_who_blocked_the_bot_is_marked_inactive_and_not_retried(rig: Rig) -> None:
    rig.messenger.blocked.update({3, 4})
    broadcast_id = await rig.create()

    await rig.worker().run_once()

    broadcast, deliveries = await rig.broadcast(broadcast_id)
    assert (deliveries[3], deliveries[4]) == (DeliveryState.BLOCKED, DeliveryState.BLOCKED)
    assert broadcast.blocked == 2
    assert [u for _, u in rig.messenger.attempts].count(3) == 1
    async with rig.store() as uow:
        assert await uow.users.ids(active_only=True) == [u for u in RECIPIENTS if u not in (3, 4)]


class CrashingMessenger:
    """Delivers through ``inner``, then dies right after Telegram accepted ``crash_on``."""

    def __init__(self, inner: FakeMessenger, crash_on: int) -> None:
        self.inner, self.crash_on = inner, crash_on

    async def send(self, user_id: int, actions: Sequence[Action]) -> None:
        await self.inner.send(user_id, actions)
        if user_id == self.crash_on:
            raise Crash


async def test_a_crashed_broadcast_resumes_without_sending_anyone_twice(
    rig: Rig, clock: FakeClock
) -> None:
    broadcast_id = await rig.create()
    with pytest.raises(Crash):
        await rig.worker("doomed", CrashingMessenger(rig.messenger, crash_on=25)).run_once()

    clock.advance(LEASE)
    report = await rig.worker("survivor").run_once()

    broadcast, deliveries = await rig.broadcast(broadcast_id)
    assert len(report.released) == len(report.succeeded) == 1
    assert sorted(rig.messenger.recipients()) == RECIPIENTS  # each exactly once
    assert deliveries[25] is DeliveryState.UNCONFIRMED
    assert (broadcast.sent, broadcast.unconfirmed) == (len(RECIPIENTS) - 1, 1)
    assert broadcast.done == broadcast.total
    assert broadcast.state is BroadcastState.COMPLETED


async def test_a_long_pause_keeps_the_lease_while_other_workers_clean_up(
    rig: Rig, clock: FakeClock
) -> None:
    released = []

    class SleepWhileOthersCleanUp(FakeSleep):
        async def __call__(self, seconds: float) -> None:
            await super().__call__(seconds)
            released.extend(await rig.queue.release_expired_leases(self.clock.now()))

    await rig.create()
    rig.messenger.fail_next(5, RetryLater("429", retry_after=100.0))  # longer than the lease
    patient = RetryPolicy(attempts=3, base_delay=1.0, max_delay=300.0)

    report = await rig.worker(sleep=SleepWhileOthersCleanUp(clock), policy=patient).run_once()

    assert released == []
    assert len(report.succeeded) == 1
    assert clock.now() - T0 > timedelta(seconds=100)


async def test_a_cancelled_broadcast_stops_sending(rig: Rig, clock: FakeClock) -> None:
    broadcast_id = await rig.create()

    class CancelAfterFive(FakeMessenger):
        async def send(self, user_id: int, actions: Sequence[Action]) -> None:
            await super().send(user_id, actions)
            if len(self.sent) == 5:
                async with rig.store() as uow:
                    await cancel_broadcast(uow, broadcast_id, clock.now())
                    await uow.commit()

    messenger = CancelAfterFive(clock)
    await rig.worker(messenger=messenger).run_once()

    broadcast, deliveries = await rig.broadcast(broadcast_id)
    assert broadcast.state is BroadcastState.CANCELLED
    assert len(messenger.sent) == 5
    assert Counter(deliveries.values())[DeliveryState.PENDING] == len(RECIPIENTS) - 5


async def test_an_unknown_segment_fails_the_broadcast_job_at_once(rig: Rig) -> None:
    await rig.create(segment="nobody_knows")

    report = await rig.worker().run_once()

    assert len(report.dead) == 1
    assert rig.messenger.attempts == []


async def test_an_empty_segment_completes_with_nothing_sent(rig: Rig) -> None:
    broadcast_id = await rig.create(segment="empty")

    await rig.worker().run_once()

    broadcast, _ = await rig.broadcast(broadcast_id)
    assert (broadcast.state, broadcast.total) == (BroadcastState.COMPLETED, 0)


transient = st.one_of(
    st.builds(lambda s: RetryLater("429", retry_after=s), st.sampled_from([0.5, 1.0, 3.0])),
    st.just(RetryLater("500")),
)


@settings(max_examples=40, deadline=None)
@given(
    size=st.integers(min_value=1, max_value=12),
    blocked=st.sets(st.integers(min_value=1, max_value=12), max_size=3),
    failures=st.dictionaries(
        st.integers(min_value=1, max_value=12), st.lists(transient, max_size=5), max_size=6
    ),
    crash_after=st.none() | st.integers(min_value=1, max_value=12),
)
async def test_whatever_telegram_answers_each_recipient_gets_it_at_most_once(
    size: int,
    blocked: set[int],
    failures: dict[int, list[RetryLater]],
    crash_after: int | None,
) -> None:
    clock = FakeClock(T0)
    rig = Rig(InMemoryStore(), clock, FakeMessenger(clock))
    recipients = list(range(1, size + 1))
    rig.segments = FakeSegments({"all_active": recipients})
    await rig.add_users()
    rig.messenger.blocked.update(blocked)
    for user_id, errors in failures.items():
        rig.messenger.fail_next(user_id, *errors)
    broadcast_id = await rig.create()

    if crash_after is not None:
        try:
            await rig.worker("doomed", CrashingMessenger(rig.messenger, crash_after)).run_once()
        except Crash:
            clock.advance(LEASE)
    await rig.worker("survivor").run_once()

    broadcast, deliveries = await rig.broadcast(broadcast_id)

    def users_in(state: DeliveryState) -> set[int]:
        return {user_id for user_id, got in deliveries.items() if got is state}

    received = Counter(rig.messenger.recipients())
    refused = {u for u, errors in failures.items() if len(errors) >= POLICY.attempts}
    expected_sent = set(recipients) - blocked - refused
    assert max(received.values(), default=1) == 1
    assert set(received) == expected_sent
    assert broadcast.state is BroadcastState.COMPLETED
    assert broadcast.done == broadcast.total == size
    assert users_in(DeliveryState.BLOCKED) == blocked & set(recipients)
    assert users_in(DeliveryState.SENT) == expected_sent - users_in(DeliveryState.UNCONFIRMED)
    attempts = sorted(moment for moment, _ in rig.messenger.attempts)
    assert most_in_any_window(attempts, timedelta(seconds=1)) <= RATE


async def test_a_slow_send_does_not_hold_back_the_next_recipients(rig: Rig) -> None:
    class SlowMessenger(FakeMessenger):
        """Each send leaves at once, then takes a few turns of the event loop to be answered
        (the round trip); counts sends under way at once."""

        def __init__(self, clock: FakeClock) -> None:
            super().__init__(clock)
            self.under_way = 0
            self.most_at_once = 0

        async def send(self, user_id: int, actions: Sequence[Action]) -> None:
            await super().send(user_id, actions)
            self.under_way += 1
            self.most_at_once = max(self.most_at_once, self.under_way)
            for _ in range(20):
                await asyncio.sleep(0)
            self.under_way -= 1

    messenger = SlowMessenger(rig.clock)
    broadcast_id = await rig.create()

    await rig.worker(messenger=messenger).run_once()

    broadcast, deliveries = await rig.broadcast(broadcast_id)
    assert messenger.most_at_once > 1
    assert sorted(messenger.recipients()) == RECIPIENTS
    assert set(deliveries.values()) == {DeliveryState.SENT}
    assert broadcast.sent == len(RECIPIENTS)
    attempts = sorted(moment for moment, _ in messenger.attempts)
    assert most_in_any_window(attempts, timedelta(seconds=1)) <= RATE
