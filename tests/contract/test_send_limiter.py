"""Telegram's send limits: the in-process limiter and the Redis one shared by processes.

Counts are checked against the bucket's bound, ``burst + rate * elapsed``, an upper bound
that a slow machine can only stay further below.
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from sleeplab_core.conversation.outbound import OutboundLimits
from sleeplab_core.conversation.send_limits import SWEEP_EVERY, LocalSendLimiter, SendLimiter

LIMITS = OutboundLimits(global_rate=20.0, global_burst=5.0, chat_rate=4.0, chat_burst=2.0)
REDIS_URL = os.environ.get("SLEEPLAB_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
RUN_SECONDS = 0.6


def local_limiter() -> LocalSendLimiter:
    return LocalSendLimiter(
        chat_rate=LIMITS.chat_rate,
        chat_burst=LIMITS.chat_burst,
        global_rate=LIMITS.global_rate,
        global_burst=LIMITS.global_burst,
    )


async def send_for(limiter: SendLimiter, chats: list[int], seconds: float) -> list[int]:
    """Take tokens as fast as allowed for ``seconds``; the chats of the sends made."""
    sent: list[int] = []
    deadline = time.monotonic() + seconds

    async def one_chat(chat: int) -> None:
        while time.monotonic() < deadline:
            wait = await limiter.take(chat, datetime.now(UTC))
            if wait == 0:
                sent.append(chat)
            else:
                await asyncio.sleep(min(wait, max(0.0, deadline - time.monotonic())))

    await asyncio.gather(*(one_chat(chat) for chat in chats))
    return sent


def bound(rate: float, burst: float, seconds: float) -> float:
    return burst + rate * seconds


async def test_the_local_limiter_holds_both_limits() -> None:
    started = time.monotonic()
    sent = await send_for(local_limiter(), list(range(10)), RUN_SECONDS)
    elapsed = time.monotonic() - started

    assert 0 < len(sent) <= bound(LIMITS.global_rate, LIMITS.global_burst, elapsed)
    assert max(sent.count(c) for c in range(10)) <= bound(4.0, 2.0, elapsed)


async def test_the_local_limiter_forgets_idle_chats() -> None:
    limiter = local_limiter()
    t0 = datetime(2026, 12, 1, tzinfo=UTC)
    for chat in range(SWEEP_EVERY - 1):
        await limiter.take(chat, t0 + timedelta(seconds=chat))  # one send each, long ago
    assert limiter.chats_tracked == SWEEP_EVERY - 1

    await limiter.take(10**9, t0 + timedelta(days=1))

    assert limiter.chats_tracked <= 1


@pytest.fixture
async def redis_prefix() -> AsyncIterator[str]:
    redis = pytest.importorskip("redis.asyncio", reason="the redis extra is not installed")
    client = redis.Redis.from_url(REDIS_URL)
    try:
        await client.ping()
    except (OSError, redis.RedisError) as error:
        if os.environ.get("SLEEPLAB_REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis not reachable at {REDIS_URL}: {error}")
        pytest.skip(f"Redis not reachable at {REDIS_URL}: {error}")
    prefix = f"sleeplab-test:{uuid.uuid4().hex[:8]}"
    yield prefix
    keys = [key async for key in client.scan_iter(f"{prefix}:*")]
    if keys:
        await client.delete(*keys)
    await client.aclose()


async def test_two_processes_sharing_redis_hold_the_limits_together(redis_prefix: str) -> None:
    from adapters.redis_limits import redis_send_limiter

    first = redis_send_limiter(REDIS_URL, LIMITS, redis_prefix)
    second = redis_send_limiter(REDIS_URL, LIMITS, redis_prefix)
    chats = list(range(1, 9))
    try:
        started = time.monotonic()
        sent_first, sent_second = await asyncio.gather(
            send_for(first, chats, RUN_SECONDS), send_for(second, chats, RUN_SECONDS)
        )
        elapsed = time.monotonic() - started
    finally:
        await first.close()
        await second.close()

    sent = sent_first + sent_second
    assert sent_first, "the first process sent"
    assert sent_second, "the second process sent"
    assert len(sent) <= bound(LIMITS.global_rate, LIMITS.global_burst, elapsed)
    assert max(sent.count(c) for c in chats) <= bound(LIMITS.chat_rate, LIMITS.chat_burst, elapsed)


async def test_a_pause_in_one_process_holds_the_chat_in_the_other(redis_prefix: str) -> None:
    from adapters.redis_limits import redis_send_limiter

    first = redis_send_limiter(REDIS_URL, LIMITS, redis_prefix)
    second = redis_send_limiter(REDIS_URL, LIMITS, redis_prefix)
    now = datetime.now(UTC)
    try:
        await first.pause(7, 30.0, now)
        wait = await second.take(7, now)
        other_chat = await second.take(8, now)
    finally:
        await first.close()
        await second.close()

    assert 29.0 < wait <= 30.0
    assert other_chat == 0


async def test_an_idle_chats_bucket_expires_in_redis(redis_prefix: str) -> None:
    from adapters.redis_limits import redis_send_limiter

    limiter = redis_send_limiter(REDIS_URL, LIMITS, redis_prefix)
    try:
        assert await limiter.take(5, datetime.now(UTC)) == 0
        ttl_ms = await limiter._client.pttl(limiter.chat_key(5))
    finally:
        await limiter.close()

    refill_ms = LIMITS.chat_burst / LIMITS.chat_rate * 1000
    assert 0 < ttl_ms <= refill_ms + 1000, "gone once it would be full again"


async def test_a_bot_shares_its_limits_through_redis_when_configured(redis_prefix: str) -> None:
    from adapters.redis_limits import RedisSendLimiter
    from entrypoints.bot import send_limiter
    from entrypoints.settings import Settings

    shared = send_limiter(Settings(redis_url=REDIS_URL), "12345:secret-part")
    alone = send_limiter(Settings(redis_url=None), "12345:secret-part")
    try:
        assert isinstance(shared, RedisSendLimiter)
        assert shared.global_key == "sleeplab:12345:global", "keyed by the bot, never the secret"
        assert alone is None, "the in-process limiter"
    finally:
        if shared is not None:
            await shared.close()
