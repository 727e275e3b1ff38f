"""Broadcasting: create a broadcast (and its job) and the job handler that sends it.

The handler snapshots the segment into one delivery record per recipient, then works
through the pending records at the global rate. Each recipient's record is marked
``sending`` (committed) before the message goes out and gets its outcome after, so a crash
and restart never sends to anyone twice: a record found still ``sending`` is counted
``unconfirmed`` instead of being sent again.

Sends are pipelined: the handler reserves a recipient, waits for its slot on the pace's
absolute deadlines, and hands the send (with its retries) and the outcome's record to a
task of its own, bounded to ``max_in_flight`` at once — so one send's round trip and its
record no longer hold back the next recipient's slot, and the achieved rate is the
configured one rather than ``1 / (reserve + send + record)``.
"""

from __future__ import annotations

import asyncio
import random as _random
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import attrs

from sleeplab_core.conversation.actions import Screen, SendScreen
from sleeplab_core.conversation.errors import RecipientBlocked
from sleeplab_core.jobs.broadcast import (
    BROADCAST_JOB_KIND,
    Broadcast,
    BroadcastId,
    BroadcastState,
    Delivery,
    DeliveryState,
)
from sleeplab_core.jobs.errors import PermanentFailure, RetryLater
from sleeplab_core.jobs.model import Job, NewJob
from sleeplab_core.jobs.pacing import Pace, acquire_slot
from sleeplab_core.jobs.ports import Messenger, Segments
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.errors import NotFound
from sleeplab_core.kernel.i18n import Catalog, Message
from sleeplab_core.kernel.retry import Random, RetryPolicy, Sleep, retry

if TYPE_CHECKING:
    from sleeplab_core.jobs.worker import JobContext
    from sleeplab_core.storage.ports import UnitOfWork, UnitOfWorkFactory

BROADCAST_MAX_ATTEMPTS = 20
DEFAULT_MAX_IN_FLIGHT = 64
"""Sends (with their retries and records) running at once; at 200/s, 0.3 s worth."""
DEFAULT_SEND_POLICY = RetryPolicy(attempts=5, base_delay=1.0, max_delay=300.0)
"""Per recipient: five tries; waits up to 1, 2, 4, 8 s (full jitter) or a 429's retry-after
of up to five minutes. A recipient still refused after that is counted ``failed``."""


async def create_broadcast(
    uow: UnitOfWork,
    segment: str,
    text_key: str,
    created_by: str,
    now: datetime,
    *,
    send_at: datetime | None = None,
    idempotency_key: str | None = None,
) -> tuple[Broadcast, Job]:
    """Store a broadcast and enqueue the job that sends it, in the caller's transaction:
    due now, or at ``send_at`` when that is later (a scheduled broadcast).

    With ``idempotency_key``, the job's unique key is derived from it: when a broadcast with
    the same key exists, the returned job is that earlier one (its payload names the earlier
    broadcast) and the caller must not commit (see :func:`is_repeat`).
    """
    broadcast = await uow.broadcasts.create(segment, text_key, created_by, now)
    job = await uow.jobs.enqueue(
        NewJob(
            kind=BROADCAST_JOB_KIND,
            payload={"broadcast_id": broadcast.id},
            run_at=max(now, send_at) if send_at is not None else now,
            unique_key=(
                f"broadcast-key:{idempotency_key}"
                if idempotency_key
                else f"broadcast:{broadcast.id}"
            ),
            max_attempts=BROADCAST_MAX_ATTEMPTS,
        ),
        now,
    )
    return broadcast, job


def is_repeat(broadcast: Broadcast, job: Job) -> bool:
    """The job belongs to an earlier broadcast with the same idempotency key."""
    return job.payload.get("broadcast_id") != broadcast.id


async def cancel_broadcast(uow: UnitOfWork, broadcast_id: BroadcastId, now: datetime) -> Broadcast:
    """Stop a broadcast: recipients not yet reached get nothing. Raises NotFound."""
    broadcast = await uow.broadcasts.get(broadcast_id)
    if broadcast is None:
        raise NotFound(f"no broadcast with id {broadcast_id}")
    if broadcast.state in (BroadcastState.CREATED, BroadcastState.SENDING):
        broadcast = attrs.evolve(broadcast, state=BroadcastState.CANCELLED, finished_at=now)
        await uow.broadcasts.save(broadcast)
    return broadcast


class BroadcastSender:
    """The handler of ``broadcast.send`` jobs.

    Args:
        uow_factory: transactions for broadcasts, deliveries and users.
        messenger: sends the message; its 429/5xx are retried, 403 marks the user inactive.
        segments: resolves the broadcast's audience.
        catalog: renders the text key in each recipient's locale.
        clock: the time.
        limiter: the global send rate, shared by every broadcast of this process.
        policy: retries per recipient.
        sleep: waits for tokens and retries (a FakeSleep in tests); long waits are cut
            into pieces with heartbeats in between.
        random: jitter source.
        batch_size: pending deliveries read per transaction.
        max_in_flight: sends (each with its retries and its record) running at once.
    """

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        messenger: Messenger,
        segments: Segments,
        catalog: Catalog,
        clock: Clock,
        *,
        limiter: Pace,
        sleep: Sleep,
        policy: RetryPolicy = DEFAULT_SEND_POLICY,
        random: Random = _random.random,
        batch_size: int = 100,
        max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
    ) -> None:
        self._uow_factory = uow_factory
        self._messenger = messenger
        self._segments = segments
        self._catalog = catalog
        self._clock = clock
        self._limiter = limiter
        self._sleep = sleep
        self._policy = policy
        self._random = random
        self._batch_size = batch_size
        self._max_in_flight = max_in_flight

    async def __call__(self, job: Job, context: JobContext) -> None:
        broadcast_id = int(job.payload["broadcast_id"])
        if not await self._start(broadcast_id):
            return
        sleep = self._sleep_keeping_lease(context)
        record = _Recorder(self._write_outcomes)
        async with _InFlight(self._max_in_flight) as in_flight:
            while batch := await self._pending(broadcast_id):
                for delivery in batch:
                    await context.heartbeat_if_due()
                    # Reserved (committed) while the previous sends are still under way,
                    # then its slot; the send and its record run on their own.
                    reserved = await self._reserve([delivery], record)
                    if reserved is None:
                        break  # cancelled meanwhile: the rest stay pending
                    for reserved_delivery, text in reserved:
                        await acquire_slot(self._limiter, self._clock, sleep)
                        send = self._deliver(reserved_delivery, text, sleep, record)
                        await in_flight.start(send)
        await self._finish(broadcast_id)

    async def _start(self, broadcast_id: BroadcastId) -> bool:
        """Snapshot the audience once; on a resume, settle sends a crash interrupted."""
        broadcast = await self._load(broadcast_id)
        if broadcast.state in (BroadcastState.COMPLETED, BroadcastState.CANCELLED):
            return False
        if not self._catalog.has(broadcast.text_key):
            raise PermanentFailure(f"no text {broadcast.text_key!r} in the catalog")
        members = await self._members(broadcast.segment)
        async with self._uow_factory() as uow:
            now = self._clock.now()
            broadcast = await self._load_in(uow, broadcast_id)
            if broadcast.state is BroadcastState.CREATED:
                added = await uow.broadcasts.add_recipients(broadcast_id, members, now)
                broadcast = attrs.evolve(broadcast, state=BroadcastState.SENDING, total=added)
            broadcast = await self._settle_interrupted(uow, broadcast, now)
            await uow.broadcasts.save(broadcast)
            await uow.commit()
        return broadcast.state is BroadcastState.SENDING

    async def _settle_interrupted(
        self, uow: UnitOfWork, broadcast: Broadcast, now: datetime
    ) -> Broadcast:
        interrupted = await uow.broadcasts.deliveries(broadcast.id, states=[DeliveryState.SENDING])
        for delivery in interrupted:
            await uow.broadcasts.save_delivery(
                attrs.evolve(delivery, state=DeliveryState.UNCONFIRMED, updated_at=now)
            )
            broadcast = broadcast.counted(DeliveryState.UNCONFIRMED)
        return broadcast

    async def _pending(self, broadcast_id: BroadcastId) -> list[Delivery]:
        async with self._uow_factory() as uow:
            broadcast = await self._load_in(uow, broadcast_id)
            if broadcast.state is not BroadcastState.SENDING:
                return []
            return await uow.broadcasts.deliveries(
                broadcast_id, states=[DeliveryState.PENDING], limit=self._batch_size
            )

    def _sleep_keeping_lease(self, context: JobContext) -> Sleep:
        """The injected sleep, cut into pieces with a heartbeat after each (a long 429
        pause must not cost the job its lease)."""
        step = context.heartbeat_interval.total_seconds()

        async def sleep(seconds: float) -> None:
            remaining = seconds
            while remaining > 0:
                piece = min(remaining, step)
                await self._sleep(piece)
                remaining -= piece
                await context.heartbeat_if_due()

        return sleep

    async def _deliver(
        self, delivery: Delivery, text: str, sleep: Sleep, record: _Recorder
    ) -> None:
        """Send to a reserved recipient whose first slot is taken, and record the outcome."""
        try:
            await self._send(delivery, text, sleep)
        except RecipientBlocked as error:
            await record(delivery, DeliveryState.BLOCKED, str(error))
        except RetryLater as error:
            await record(delivery, DeliveryState.FAILED, str(error))
        else:
            await record(delivery, DeliveryState.SENT, None)

    async def _reserve(
        self, group: list[Delivery], record: _Recorder
    ) -> list[tuple[Delivery, str]] | None:
        """Mark the deliveries ``sending`` (one transaction) and render their texts: those
        to send now, or None when the broadcast is no longer sending (cancelled)."""
        async with self._uow_factory() as uow:
            now = self._clock.now()
            broadcast = await self._load_in(uow, group[0].broadcast_id)
            if broadcast.state is not BroadcastState.SENDING:
                return None
            started = []
            for delivery in group:
                if await uow.broadcasts.start_delivery(broadcast.id, delivery.user_id, now):
                    started.append((delivery, await uow.users.get(delivery.user_id)))
                # else another sender took it (this one lost its lease)
            await uow.commit()
        reserved = []
        for delivery, user in started:
            if user is None:
                await record(delivery, DeliveryState.FAILED, "the user no longer exists")
            elif not user.active:
                await record(delivery, DeliveryState.BLOCKED, "the user is inactive")
            else:
                text = self._catalog.render(user.locale, Message(broadcast.text_key))
                reserved.append((delivery, text))
        return reserved

    async def _send(self, delivery: Delivery, text: str, sleep: Sleep) -> None:
        slot_taken = True  # the first attempt's slot was taken before this task started

        async def attempt() -> None:
            nonlocal slot_taken
            if not slot_taken:
                await acquire_slot(self._limiter, self._clock, sleep)
            slot_taken = False
            await self._messenger.send(delivery.user_id, [SendScreen(screen=Screen(text))])

        await retry(
            attempt,
            policy=self._policy,
            is_retryable=lambda error: isinstance(error, RetryLater),
            retry_after=lambda error: getattr(error, "retry_after", None),
            on_retry=self._pause_on_flood_limit,
            sleep=sleep,
            random=self._random,
        )

    def _pause_on_flood_limit(self, _retry_number: int, error: Exception, delay: float) -> None:
        # A 429 is about the whole bot, not this recipient: everyone waits it out.
        if getattr(error, "retry_after", None) is not None:
            self._limiter.pause_until(self._clock.now() + _seconds(delay))

    async def _write_outcomes(self, outcomes: list[_Outcome]) -> None:
        """Record outcomes of one broadcast's deliveries in one transaction."""
        async with self._uow_factory() as uow:
            now = self._clock.now()
            broadcast = await self._load_in(uow, outcomes[0].delivery.broadcast_id)
            for item in outcomes:
                delivery = item.delivery
                await uow.broadcasts.save_delivery(
                    attrs.evolve(delivery, state=item.state, updated_at=now, error=item.error)
                )
                broadcast = broadcast.counted(item.state)
                if item.state is DeliveryState.BLOCKED:
                    await self._deactivate(uow, delivery)
            await uow.broadcasts.save(broadcast)
            await uow.commit()

    async def _deactivate(self, uow: UnitOfWork, delivery: Delivery) -> None:
        user = await uow.users.get(delivery.user_id)
        if user is not None and user.active:
            await uow.users.save(attrs.evolve(user, active=False))

    async def _finish(self, broadcast_id: BroadcastId) -> None:
        async with self._uow_factory() as uow:
            broadcast = await self._load_in(uow, broadcast_id)
            if broadcast.state is BroadcastState.SENDING:
                done = attrs.evolve(
                    broadcast, state=BroadcastState.COMPLETED, finished_at=self._clock.now()
                )
                await uow.broadcasts.save(done)
                await uow.commit()

    async def _members(self, segment: str) -> list[int]:
        try:
            return await self._segments.members(segment)
        except NotFound as error:
            raise PermanentFailure(str(error)) from error

    async def _load(self, broadcast_id: BroadcastId) -> Broadcast:
        async with self._uow_factory() as uow:
            return await self._load_in(uow, broadcast_id)

    @staticmethod
    async def _load_in(uow: UnitOfWork, broadcast_id: BroadcastId) -> Broadcast:
        broadcast = await uow.broadcasts.get(broadcast_id)
        if broadcast is None:
            raise PermanentFailure(f"no broadcast with id {broadcast_id}")
        return broadcast


@attrs.frozen
class _Outcome:
    delivery: Delivery
    state: DeliveryState
    error: str | None


class _Recorder:
    """Group commit of delivery outcomes: calls made while a write is under way are
    written together by the next one; each call returns once its outcome is committed."""

    def __init__(self, write: Callable[[list[_Outcome]], Awaitable[None]]) -> None:
        self._write = write
        self._waiting: list[tuple[_Outcome, asyncio.Future[None]]] = []
        self._writing = False

    async def __call__(self, delivery: Delivery, state: DeliveryState, error: str | None) -> None:
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append((_Outcome(delivery, state, error), done))
        if not self._writing:
            self._writing = True
            try:
                while self._waiting:
                    group, self._waiting = self._waiting, []
                    await self._commit(group)
            except BaseException as stopped:  # cancelled while writing: nobody is left waiting
                group, self._waiting = self._waiting, []
                _settle(group, stopped)
                raise
            finally:
                self._writing = False
        await done

    async def _commit(self, group: list[tuple[_Outcome, asyncio.Future[None]]]) -> None:
        """Write ``group`` and settle its calls; raises only a cancellation."""
        try:
            await self._write([outcome for outcome, _ in group])
        except Exception as error:
            _settle(group, error)
        except BaseException as error:
            _settle(group, error)
            raise
        else:
            _settle(group, None)


def _settle(
    group: list[tuple[_Outcome, asyncio.Future[None]]], error: BaseException | None
) -> None:
    for _, done in group:
        if done.done():
            continue
        if error is None:
            done.set_result(None)
        else:
            done.set_exception(error)


class _InFlight:
    """At most ``limit`` tasks at once; leaving the block waits for all of them.

    A task's failure (an outcome that could not be recorded, a crash) stops new tasks: it
    is raised once every other task has finished (the sends already under way and their
    retries are not cut short). Cancelling the block cancels the tasks.
    """

    def __init__(self, limit: int) -> None:
        self._slots = asyncio.Semaphore(limit)
        self._tasks: set[asyncio.Task[None]] = set()
        self._errors: list[BaseException] = []

    async def __aenter__(self) -> _InFlight:
        return self

    async def __aexit__(self, kind: object, error: BaseException | None, _tb: object) -> None:
        if error is not None and not isinstance(error, Exception):
            self._cancel_all()
            return
        await self._drain()
        if error is None and self._errors:
            raise self._errors[0]

    async def start(self, work: Awaitable[None]) -> None:
        """Run ``work`` as a task once fewer than ``limit`` run, and let it begin."""
        await self._slots.acquire()
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        await asyncio.sleep(0)  # the send starts before the next recipient is reserved
        await self._stop_on_failure()

    async def _drain(self) -> None:
        while self._tasks:
            await asyncio.wait(set(self._tasks))

    def _done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        self._slots.release()
        if not task.cancelled() and task.exception() is not None:
            self._errors.append(task.exception())  # type: ignore[arg-type]

    async def _stop_on_failure(self) -> None:
        # Done callbacks run a turn later: look at finished tasks themselves too.
        finished = [task for task in self._tasks if task.done() and not task.cancelled()]
        failed = [e for e in [*self._errors, *(t.exception() for t in finished)] if e]
        if failed:
            await self._drain()
            raise failed[0]

    def _cancel_all(self) -> None:
        for task in self._tasks:
            task.cancel()


def _seconds(delay: float) -> timedelta:
    return timedelta(seconds=delay)
