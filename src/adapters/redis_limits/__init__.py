"""Telegram's send limits shared by every process of a bot, in Redis."""

from adapters.redis_limits.limiter import RedisSendLimiter, redis_send_limiter

__all__ = ["RedisSendLimiter", "redis_send_limiter"]
