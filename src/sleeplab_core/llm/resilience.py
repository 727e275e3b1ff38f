"""Timeouts, retries, key rotation and failover over any :class:`ChatModel`.

Providers are tried in the configured order (``SLEEPLAB_LLM_PROVIDERS``). Within a provider,
each API key is its own ChatModel in a :class:`ProviderPool`; calls rotate over the keys
round-robin and a key that fails authentication is taken out for the life of the pool.
Transient failures (rate limits, 5xx, timeouts) are retried with the kernel's retry helper;
when a provider is exhausted the next one is tried. A request with images skips providers
without vision. Log lines name providers and key numbers, never keys or message text.
"""

from __future__ import annotations

import asyncio
import logging
import random as _random
from collections.abc import Awaitable, Callable, Sequence

import attrs

from sleeplab_core.kernel.retry import Random, RetryPolicy, Sleep, retry
from sleeplab_core.llm.errors import (
    TRANSIENT_ERRORS,
    AllProvidersFailed,
    AuthenticationFailed,
    LlmError,
    ProviderTimeout,
    ProviderUnavailable,
    RateLimited,
    VisionNotSupported,
)
from sleeplab_core.llm.model import ChatRequest, ChatResponse
from sleeplab_core.llm.ports import ChatModel

logger = logging.getLogger(__name__)

#: Awaits an answer for at most the given seconds, raising TimeoutError past that.
Deadline = Callable[[Awaitable[ChatResponse], float], Awaitable[ChatResponse]]


class ProviderPool:
    """One provider's ChatModels, one per API key, used round-robin."""

    def __init__(self, members: Sequence[ChatModel]) -> None:
        if not members:
            raise ValueError("a provider pool needs at least one model")
        self._members = list(members)
        self._provider = members[0].provider
        self._numbers = {id(member): number for number, member in enumerate(members, 1)}
        self._next = 0

    @property
    def provider(self) -> str:
        return self._provider

    @property
    def supports_vision(self) -> bool:
        return any(member.supports_vision for member in self._members)

    @property
    def live_keys(self) -> int:
        return len(self._members)

    def take(self) -> ChatModel | None:
        """The next member in turn, or None when every key has been retired."""
        if not self._members:
            return None
        member = self._members[self._next % len(self._members)]
        self._next += 1
        return member

    def retire(self, member: ChatModel) -> None:
        """Take ``member`` out of the rotation (its key was refused)."""
        if member in self._members:
            self._members.remove(member)

    def key_number(self, member: ChatModel) -> int:
        """The 1-based position of ``member``'s key in the configuration, for log lines."""
        return self._numbers.get(id(member), 0)


@attrs.frozen
class ResiliencePolicy:
    """Per-call time limit and retry schedule for each provider."""

    timeout_seconds: float = 60.0
    retry: RetryPolicy = attrs.field(factory=RetryPolicy)


class ResilientChatModel:
    """A :class:`ChatModel` over an ordered list of provider pools (the failover order).

    ``sleep``, ``random`` and ``deadline`` (the time limit, ``asyncio.wait_for`` by default)
    are injected so tests control time completely.
    """

    def __init__(
        self,
        pools: Sequence[ProviderPool],
        policy: ResiliencePolicy | None = None,
        *,
        sleep: Sleep = asyncio.sleep,
        random: Random = _random.random,
        deadline: Deadline = asyncio.wait_for,
    ) -> None:
        self._pools = list(pools)
        self._deadline = deadline
        self._policy = policy or ResiliencePolicy()
        self._sleep = sleep
        self._random = random
        self._last_provider = self._pools[0].provider if self._pools else "none"
        self._last_model = ""

    @property
    def provider(self) -> str:
        """The provider that answered last (the first configured one before any call)."""
        return self._last_provider

    @property
    def model(self) -> str:
        """The model that answered last (empty before any answer)."""
        return self._last_model

    @property
    def supports_vision(self) -> bool:
        return any(pool.supports_vision for pool in self._pools)

    async def complete(self, request: ChatRequest) -> ChatResponse:
        """Answer through the first provider that can.

        Raises:
            VisionNotSupported: images attached and no provider has vision.
            InvalidRequest, StructuredOutputInvalid: the request itself is at fault; failing
                over would not help.
            AllProvidersFailed: every provider failed; ``failures`` says how.
        """
        pools = [pool for pool in self._pools if pool.supports_vision or not request.images]
        if request.images and not pools:
            raise VisionNotSupported("all", "no configured provider reads images")
        failures: list[LlmError] = []
        for pool in pools:
            try:
                response = await self._with_retries(pool, request)
            except (ProviderUnavailable, RateLimited, AuthenticationFailed) as error:
                logger.warning(
                    "llm provider %s failed over: %s", pool.provider, type(error).__name__
                )
                failures.append(error)
                continue
            self._last_provider, self._last_model = response.provider, response.model
            return response
        raise AllProvidersFailed(failures)

    async def _with_retries(self, pool: ProviderPool, request: ChatRequest) -> ChatResponse:
        def log_retry(number: int, error: Exception, delay: float) -> None:
            logger.info(
                "llm provider %s retry %d in %.2fs after %s",
                pool.provider,
                number,
                delay,
                type(error).__name__,
            )

        return await retry(
            lambda: self._attempt(pool, request),
            policy=self._policy.retry,
            is_retryable=lambda error: isinstance(error, TRANSIENT_ERRORS),
            retry_after=lambda error: error.retry_after if isinstance(error, RateLimited) else None,
            on_retry=log_retry,
            sleep=self._sleep,
            random=self._random,
        )

    async def _attempt(self, pool: ProviderPool, request: ChatRequest) -> ChatResponse:
        provider = pool.provider
        while (member := pool.take()) is not None:
            try:
                return await self._deadline(member.complete(request), self._policy.timeout_seconds)
            except TimeoutError:
                raise ProviderTimeout(provider, "no answer in time") from None
            except AuthenticationFailed:
                logger.warning(
                    "llm provider %s key #%d refused; retired", provider, pool.key_number(member)
                )
                pool.retire(member)
        raise AuthenticationFailed(provider, "every configured key was refused")
