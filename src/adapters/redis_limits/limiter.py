"""A :class:`~sleeplab_core.conversation.send_limits.SendLimiter` in Redis.

Each bucket is a hash (``tokens``, ``ts``, ``paused``) refilled lazily by one Lua script
that checks the chat's and the global bucket and spends from both, or from neither, in one
atomic step; time is the Redis server's (``TIME``), so the processes' clocks may differ. A
chat's hash expires once it would be full again, so idle chats cost nothing.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from redis.asyncio import Redis

from sleeplab_core.conversation.outbound import OutboundLimits

_TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local function level(key, rate, burst)
  local v = redis.call('HMGET', key, 'tokens', 'ts', 'paused')
  local tokens, ts, paused = tonumber(v[1]), tonumber(v[2]), tonumber(v[3]) or 0
  if tokens == nil then return burst, paused end
  return math.min(burst, tokens + math.max(0, now - ts) * rate), paused
end
local chat_rate, chat_burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local all_rate, all_burst = tonumber(ARGV[3]), tonumber(ARGV[4])
local chat, chat_paused = level(KEYS[1], chat_rate, chat_burst)
local all, all_paused = level(KEYS[2], all_rate, all_burst)
local wait = math.max(0, chat_paused - now, all_paused - now)
if chat < 1 then wait = math.max(wait, (1 - chat) / chat_rate) end
if all < 1 then wait = math.max(wait, (1 - all) / all_rate) end
if wait > 0 then return tostring(wait) end
redis.call('HSET', KEYS[1], 'tokens', tostring(chat - 1), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(chat_burst / chat_rate * 1000) + 1000)
redis.call('HSET', KEYS[2], 'tokens', tostring(all - 1), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[2], math.ceil(all_burst / all_rate * 1000) + 1000)
return '0'
"""
_PAUSE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local until_ = now + tonumber(ARGV[1])
local paused = tonumber(redis.call('HGET', KEYS[1], 'paused')) or 0
redis.call('HSET', KEYS[1], 'tokens', '0', 'ts', tostring(until_),
           'paused', tostring(math.max(paused, until_)))
redis.call('PEXPIRE', KEYS[1], math.ceil((ARGV[1] + ARGV[2]) * 1000) + 1000)
return 1
"""
_MICROSECOND = 1e-6


class RedisSendLimiter:
    """Per-chat and global send limits shared through Redis.

    Args:
        client: an asyncio Redis client (``redis.asyncio``); closed by :meth:`close`.
        limits: the rates and bursts (those of every process must agree).
        prefix: keys start with it; one prefix per bot token.
    """

    def __init__(self, client: Redis, limits: OutboundLimits, prefix: str) -> None:
        self._client = client
        self._limits = limits
        self._prefix = prefix
        self._take: Any = client.register_script(_TAKE)
        self._pause: Any = client.register_script(_PAUSE)

    async def take(self, chat_id: int, now: datetime) -> float:
        limits = self._limits
        wait = await self._take(
            keys=[self.chat_key(chat_id), self.global_key],
            args=[limits.chat_rate, limits.chat_burst, limits.global_rate, limits.global_burst],
        )
        seconds = float(wait)
        return 0.0 if seconds <= 0 else max(_MICROSECOND, math.ceil(seconds * 1e6) / 1e6)

    async def pause(self, chat_id: int, seconds: float, now: datetime) -> None:
        refill = self._limits.chat_burst / self._limits.chat_rate
        await self._pause(keys=[self.chat_key(chat_id)], args=[seconds, refill])

    async def close(self) -> None:
        await self._client.aclose()

    def chat_key(self, chat_id: int) -> str:
        return f"{self._prefix}:chat:{chat_id}"

    @property
    def global_key(self) -> str:
        return f"{self._prefix}:global"


def redis_send_limiter(url: str, limits: OutboundLimits, prefix: str) -> RedisSendLimiter:
    """A :class:`RedisSendLimiter` on the server at ``url`` (``redis://host:6379/0``)."""
    client = Redis.from_url(url)
    return RedisSendLimiter(client, limits, prefix)
