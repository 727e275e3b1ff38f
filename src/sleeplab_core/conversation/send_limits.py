"""Telegram's send limits: about 1 message/s per chat and 30/s over all chats.

:class:`SendLimiter` is the port the :class:`~sleeplab_core.conversation.outbound.Outbox`
takes its tokens from. :class:`LocalSendLimiter` keeps the buckets in this process (the
embedded default); a shared one (Redis, see ``adapters.redis_limits``) holds the limits
across every process of a bot.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

from sleeplab_core.jobs.rate_limit import TokenBucket

__all__ = ["LocalSendLimiter", "SendLimiter"]

SWEEP_EVERY = 1_000
"""Takes between two sweeps of idle chat buckets."""


class SendLimiter(Protocol):
    """Tokens for sending to one chat, within the chat's and the global limit.

    Contract: ``take`` spends one token of the chat's bucket and one of the global bucket
    and returns 0, or spends nothing and returns the seconds to wait before asking again;
    in any window of ``w`` seconds at most ``burst + rate * w`` tokens are spent per chat
    and over all chats — also when several tasks or processes share the limiter.
    ``pause(chat, seconds)`` gives the chat no token for ``seconds`` (a 429's retry-after),
    then restarts it gently. Buckets of idle chats are forgotten.
    """

    async def take(self, chat_id: int, now: datetime) -> float: ...

    async def pause(self, chat_id: int, seconds: float, now: datetime) -> None: ...

    async def close(self) -> None: ...


class LocalSendLimiter:
    """:class:`SendLimiter` in this process's memory: right for one process per bot.

    Args:
        chat_rate, chat_burst: the per-chat bucket.
        global_rate, global_burst: the bucket over all chats.
    """

    def __init__(
        self, *, chat_rate: float, chat_burst: float, global_rate: float, global_burst: float
    ) -> None:
        self._chat_rate = chat_rate
        self._chat_burst = chat_burst
        self._global = TokenBucket(rate=global_rate, burst=global_burst)
        self._chats: dict[int, TokenBucket] = {}
        self._takes = 0

    async def take(self, chat_id: int, now: datetime) -> float:
        self._sweep_now_and_then(now)
        # The chat's own token first: a chat that waits out a 429 never holds a global token.
        wait = self._chat(chat_id).take(now)
        if wait > 0:
            return wait
        wait = self._global.take(now)
        if wait > 0:
            self._chat(chat_id).give_back()
        return wait

    async def pause(self, chat_id: int, seconds: float, now: datetime) -> None:
        self._chat(chat_id).pause_until(now + timedelta(seconds=seconds))

    async def close(self) -> None:
        self._chats.clear()

    @property
    def chats_tracked(self) -> int:
        """How many chat buckets are held (idle ones are dropped now and then)."""
        return len(self._chats)

    def _chat(self, chat_id: int) -> TokenBucket:
        bucket = self._chats.get(chat_id)
        if bucket is None:
            bucket = TokenBucket(rate=self._chat_rate, burst=self._chat_burst)
            self._chats[chat_id] = bucket
        return bucket

    def _sweep_now_and_then(self, now: datetime) -> None:
        self._takes += 1
        if self._takes % SWEEP_EVERY:
            return
        for chat_id in [c for c, bucket in self._chats.items() if bucket.is_idle(now)]:
            del self._chats[chat_id]
