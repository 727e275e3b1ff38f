"""Durable intake of Telegram updates: stored first, acknowledged second, processed in order.

An update is acknowledged (the webhook's 200, the polling offset moving past it) only after
:meth:`UpdateIntake.store` committed it. The :class:`IntakeProcessor` then works through the
stored updates one user at a time: it claims the user with a lease in the database, processes
that user's unfinished updates in ``update_id`` order and marks each finished. Several
processes sharing one database therefore never process one user's updates concurrently or
out of order, and a process that died leaves its stored updates to whoever claims the user
once its lease has expired (a restarted process picks them up by its periodic scan).

Pre-checkout queries must be answered within 10 seconds, so they skip the user's queue: the
process that stored one first answers it at once (it is stored already finished, for the
record and so no other process answers it again).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta
from typing import Any, Protocol

import attrs

from sleeplab_core.conversation.outbound import MalformedUpdate
from sleeplab_core.conversation.telegram_updates import check_depth, to_event, user_of
from sleeplab_core.kernel.clock import Clock

log = logging.getLogger(__name__)

__all__ = [
    "IntakeProcessor",
    "IntakeTimings",
    "StoredUpdate",
    "UpdateIntake",
    "owner_name",
    "stored_update",
]


@attrs.frozen
class StoredUpdate:
    """One Telegram update as stored: its id, the user whose order it keeps (0: none), JSON."""

    update_id: int
    user_id: int
    body: Mapping[str, Any]


class UpdateIntake(Protocol):
    """The stored updates of every bot and the per-user leases of whoever processes them.

    Contract (each call is atomic and committed when it returns):

    - ``store`` keeps an update once per (bot, update_id): True the first time, False for a
      re-sent one (nothing changes). ``finished`` stores it already finished (processed
      outside the queue).
    - ``claim`` gives ``owner`` the lease of (bot, user) until ``until`` when nobody holds it,
      its lease expired (``expires <= now``) or ``owner`` already holds it (a renewal); True
      when ``owner`` holds it now. Exactly one of concurrent claimants wins.
    - ``release`` drops ``owner``'s lease (a no-op when another owner holds it).
    - ``next_update`` is the user's unfinished update with the lowest ``update_id``.
    - ``finish`` marks an update finished; it is never returned by ``next_update`` again.
    - ``waiting_users`` lists users with unfinished updates and no live lease, those with the
      oldest waiting update first.
    - ``unfinished`` counts the bot's unfinished updates.
    - ``prune`` deletes finished updates received before ``before`` (and the delivery marks
      of the conversation inbox as old); returns how many updates went.
    """

    async def store(
        self, bot: str, update: StoredUpdate, now: datetime, *, finished: bool = False
    ) -> bool: ...

    async def claim(
        self, bot: str, user_id: int, owner: str, now: datetime, until: datetime
    ) -> bool: ...

    async def release(self, bot: str, user_id: int, owner: str) -> None: ...

    async def next_update(self, bot: str, user_id: int) -> StoredUpdate | None: ...

    async def finish(self, bot: str, update_id: int, now: datetime) -> None: ...

    async def waiting_users(self, bot: str, now: datetime, limit: int) -> list[int]: ...

    async def unfinished(self, bot: str) -> int: ...

    async def prune(self, before: datetime) -> int: ...


def stored_update(body: object) -> StoredUpdate:
    """Check a Bot API update and make it storable.

    Raises:
        MalformedUpdate: too deeply nested, or not shaped like a Telegram update.
    """
    check_depth(body)
    to_event(body)  # refuses what the processor could never translate
    update: Mapping[str, Any] = body  # type: ignore[assignment]
    return StoredUpdate(update_id=update["update_id"], user_id=user_of(update), body=update)


def is_urgent(update: StoredUpdate) -> bool:
    """Whether Telegram waits for the answer within seconds (a pre-checkout query)."""
    return "pre_checkout_query" in update.body


def owner_name() -> str:
    """A lease owner name unique to this process: host, pid and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


@attrs.frozen
class IntakeTimings:
    """How the processor paces itself.

    Attributes:
        lease: how long a claim on a user holds without renewal; after a crash, that user's
            stored updates wait at most this long for another process.
        scan_every: seconds between looks for waiting users (updates stored by other
            processes, or left by a crashed one).
        retention: finished updates (and inbox marks) older than this are pruned.
        prune_every: seconds between prunes (the first runs at start).
    """

    lease: timedelta = timedelta(seconds=30)
    scan_every: float = 1.0
    retention: timedelta = timedelta(days=7)
    prune_every: float = 3600.0


Process = Callable[[Mapping[str, Any]], Awaitable[None]]


class IntakeProcessor:
    """Stores accepted updates and processes them per user, in order, under a lease.

    Args:
        intake: where updates and leases live.
        bot: the bot whose updates these are.
        process: handles one update (translate, run the conversation, answer); it should
            not raise, and an error it raises is logged and the update counted finished.
        clock: the time of leases and marks.
        timings: lease length, scan and prune intervals.
        owner: this process's lease name (default: :func:`owner_name`).
    """

    def __init__(
        self,
        intake: UpdateIntake,
        bot: str,
        process: Process,
        clock: Clock,
        *,
        timings: IntakeTimings | None = None,
        owner: str | None = None,
    ) -> None:
        self.intake = intake
        self.bot = bot
        self.owner = owner or owner_name()
        self.timings = timings or IntakeTimings()
        self._process = process
        self._clock = clock
        self._serving: dict[int, asyncio.Task[None]] = {}
        self._urgent: set[asyncio.Task[None]] = set()
        self._stopping = False
        self._scanner: asyncio.Task[None] | None = None

    async def accept(self, body: object) -> bool:
        """Store one update and start processing it; True when it was new.

        When this returns, the update is committed: acknowledge it to Telegram now.

        Raises:
            MalformedUpdate: the body is not a Telegram update (nothing is stored).
        """
        update = stored_update(body)
        if is_urgent(update):
            return await self._answer_at_once(update)
        new = await self.intake.store(self.bot, update, self._clock.now())
        self.wake(update.user_id)
        return new

    async def _answer_at_once(self, update: StoredUpdate) -> bool:
        new = await self.intake.store(self.bot, update, self._clock.now(), finished=True)
        if new:
            task = asyncio.create_task(self._run(update))
            self._urgent.add(task)
            task.add_done_callback(self._urgent.discard)
        return new

    async def accept_all(self, bodies: list[object]) -> None:
        """Store a batch of fetched updates (malformed ones are logged and dropped)."""
        for body in bodies:
            try:
                await self.accept(body)
            except MalformedUpdate as error:
                log.warning("fetched update dropped: %s", error)

    def wake(self, user_id: int) -> None:
        """Serve ``user_id``'s stored updates unless this process is already doing so."""
        if self._stopping or user_id in self._serving:
            return
        task = asyncio.create_task(self._serve(user_id))
        self._serving[user_id] = task

    def start(self) -> None:
        """Start the periodic scan (stored updates of other processes, a crash, a restart)."""
        if self._scanner is None:
            self._scanner = asyncio.create_task(self._scan_forever())

    async def drain(self) -> None:
        """Stop taking work; wait for the updates being processed now to finish.

        Updates stored but not started stay stored for the next start (or another process).
        """
        self._stopping = True
        if self._scanner is not None:
            self._scanner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._scanner
            self._scanner = None
        while self._serving or self._urgent:
            running = [*self._serving.values(), *self._urgent]
            await asyncio.gather(*running, return_exceptions=True)

    @property
    def busy_users(self) -> int:
        """How many users this process is serving now."""
        return len(self._serving)

    async def scan(self) -> None:
        """Look once for users whose updates wait, and serve them."""
        now = self._clock.now()
        for user_id in await self.intake.waiting_users(self.bot, now, limit=100):
            self.wake(user_id)

    async def _scan_forever(self) -> None:
        last_prune: float | None = None
        loop = asyncio.get_running_loop()
        while not self._stopping:
            try:
                if last_prune is None or loop.time() - last_prune >= self.timings.prune_every:
                    last_prune = loop.time()
                    await self._prune()
                await self.scan()
            except Exception:
                log.exception("intake scan failed; trying again")
            await asyncio.sleep(self.timings.scan_every)

    async def _prune(self) -> None:
        pruned = await self.intake.prune(self._clock.now() - self.timings.retention)
        if pruned:
            log.info("intake pruned %s finished updates", pruned)

    async def _serve(self, user_id: int) -> None:
        try:
            while not self._stopping and await self._claim(user_id):
                await self._work_through(user_id)
                await self.intake.release(self.bot, user_id, self.owner)
                # An update stored while we released would otherwise wait for the next scan.
                if await self.intake.next_update(self.bot, user_id) is None:
                    return
        except Exception:
            log.exception("serving user %s's updates failed; the scan will retry", user_id)
        finally:
            self._serving.pop(user_id, None)

    async def _claim(self, user_id: int) -> bool:
        now = self._clock.now()
        return await self.intake.claim(self.bot, user_id, self.owner, now, now + self.timings.lease)

    async def _work_through(self, user_id: int) -> None:
        while not self._stopping:
            update = await self.intake.next_update(self.bot, user_id)
            if update is None:
                return
            await self._under_lease(user_id, self._run(update))
            await self.intake.finish(self.bot, update.update_id, self._clock.now())
            if not await self._claim(user_id):
                log.warning("lease on user %s lost; leaving the rest to its holder", user_id)
                return

    async def _run(self, update: StoredUpdate) -> None:
        try:
            await self._process(update.body)
        except Exception:
            log.exception("update %s failed in processing", update.update_id)

    async def _under_lease(self, user_id: int, work: Awaitable[None]) -> None:
        """Run ``work`` while renewing the lease, so a slow update keeps its user."""
        task = asyncio.ensure_future(work)
        renew_every = self.timings.lease.total_seconds() / 3
        while not task.done():
            done, _ = await asyncio.wait({task}, timeout=renew_every)
            if not done:
                with contextlib.suppress(Exception):
                    await self._claim(user_id)
        await task
