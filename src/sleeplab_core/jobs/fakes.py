"""In-memory fakes of every jobs port, and a sleep that moves a FakeClock instead of waiting."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from sleeplab_core.conversation.actions import Action
from sleeplab_core.conversation.errors import RecipientBlocked
from sleeplab_core.jobs.memory import (
    InMemoryBroadcastRepository,
    InMemoryJobQueue,
    InMemoryJobRepository,
    JobTables,
)
from sleeplab_core.kernel.clock import Clock, FakeClock
from sleeplab_core.kernel.errors import NotFound
from sleeplab_core.kernel.users import UserId

__all__ = [
    "FakeMessenger",
    "FakeSegments",
    "FakeSleep",
    "InMemoryBroadcastRepository",
    "InMemoryJobQueue",
    "InMemoryJobRepository",
    "JobTables",
]


class FakeSleep:
    """Awaitable like ``asyncio.sleep`` but advances ``clock`` instead of waiting.

    Rounds each wait up to a whole microsecond (the clock's resolution), so a waiter that
    asked for "a tiny bit more" always sees time move. Yields to other tasks once per call.
    """

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        if seconds > 0:
            # Rounded to a nanosecond first so 0.04 s stays 40000 µs rather than 40001.
            microseconds = math.ceil(round(seconds * 1_000_000, 3))
            self.clock.advance(timedelta(microseconds=microseconds))
        await asyncio.sleep(0)


class FakeMessenger:
    """The fake of :class:`~sleeplab_core.jobs.ports.Messenger`.

    Records every attempt with the clock's time (to measure send rates) and every
    successful send. ``blocked`` users raise RecipientBlocked; errors queued with
    :meth:`fail_next` are raised, in order, by the next attempts to that user.
    """

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self.blocked: set[UserId] = set()
        self.attempts: list[tuple[datetime, UserId]] = []
        self.sent: list[tuple[UserId, tuple[Action, ...]]] = []
        self._failures: dict[UserId, list[Exception]] = {}

    def fail_next(self, user_id: UserId, *errors: Exception) -> None:
        self._failures.setdefault(user_id, []).extend(errors)

    async def send(self, user_id: UserId, actions: Sequence[Action]) -> None:
        self.attempts.append((self._clock.now(), user_id))
        if user_id in self.blocked:
            raise RecipientBlocked(f"user {user_id} blocked the bot")
        queued = self._failures.get(user_id)
        if queued:
            raise queued.pop(0)
        self.sent.append((user_id, tuple(actions)))

    def recipients(self) -> list[UserId]:
        """Users who received something, once per message received."""
        return [user_id for user_id, _ in self.sent]


class FakeSegments:
    """The fake of :class:`~sleeplab_core.jobs.ports.Segments`: fixed member lists."""

    def __init__(self, segments: Mapping[str, Sequence[UserId]]) -> None:
        self._segments = {name: sorted(set(ids)) for name, ids in segments.items()}

    async def members(self, segment: str) -> list[UserId]:
        if segment not in self._segments:
            raise NotFound(f"no segment named {segment!r}; known: {sorted(self._segments)}")
        return list(self._segments[segment])
