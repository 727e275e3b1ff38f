"""The one retry helper of the project: exponential backoff with full jitter.

Delays follow "full jitter" (a uniform draw between zero and the exponential ceiling, capped),
which spreads retrying clients apart better than a fixed or equal-jitter schedule. A
server's retry-after hint is a floor: we never come back sooner than we were told. A hint
longer than the cap means waiting is not worth it here, so the error is raised at once (a
caller can fail over elsewhere). Sleep and randomness are injected so tests never wait.
"""

from __future__ import annotations

import asyncio
import random as _random
from collections.abc import Awaitable, Callable
from typing import TypeVar

import attrs

T = TypeVar("T")

Sleep = Callable[[float], Awaitable[None]]
Random = Callable[[], float]


@attrs.frozen
class RetryPolicy:
    """How often and how patiently to retry.

    Attributes:
        attempts: total tries including the first (1 = no retry).
        base_delay: seconds; the ceiling of the first backoff.
        max_delay: seconds; no single wait is longer, and a longer retry-after hint gives up.
    """

    attempts: int = attrs.field(default=3)
    base_delay: float = 0.5
    max_delay: float = 20.0

    @attempts.validator
    def _at_least_one(self, _attribute: object, value: int) -> None:
        if value < 1:
            raise ValueError("a retry policy needs at least one attempt")


def backoff_delay(policy: RetryPolicy, retry_number: int, random: Random = _random.random) -> float:
    """The wait before retry ``retry_number`` (0 for the first retry), with full jitter.

    Args:
        policy: the schedule.
        retry_number: how many retries came before this one.
        random: a source of floats in [0, 1).
    """
    ceiling = min(policy.max_delay, policy.base_delay * 2.0**retry_number)
    return random() * ceiling


def delay_with_hint(
    policy: RetryPolicy, retry_number: int, hint: float | None, random: Random = _random.random
) -> float | None:
    """The wait before the next try honouring a retry-after ``hint``; None means give up.

    Jobs that reschedule rather than sleep use this to compute the next run time.
    """
    jittered = backoff_delay(policy, retry_number, random)
    if hint is None:
        return jittered
    if hint > policy.max_delay:
        return None
    return max(hint, jittered)


async def retry(
    operation: Callable[[], Awaitable[T]],
    *,
    policy: RetryPolicy,
    is_retryable: Callable[[Exception], bool],
    retry_after: Callable[[Exception], float | None] = lambda _error: None,
    on_retry: Callable[[int, Exception, float], None] | None = None,
    sleep: Sleep = asyncio.sleep,
    random: Random = _random.random,
) -> T:
    """Run ``operation`` until it succeeds, retrying transient failures.

    Args:
        operation: a fresh awaitable per call.
        policy: attempts and delays.
        is_retryable: True for errors worth another try; others propagate at once.
        retry_after: the server's hint in seconds carried by an error, if any.
        on_retry: told (retry number, error, delay) before each wait; for logging.
        sleep: awaited with each delay (inject a recorder in tests).
        random: jitter source returning floats in [0, 1).

    Raises:
        The last error when it is not retryable, attempts run out, or a hint exceeds the cap.
    """
    retry_number = 0
    while True:
        try:
            return await operation()
        except Exception as error:
            if not is_retryable(error) or retry_number + 1 >= policy.attempts:
                raise
            delay = delay_with_hint(policy, retry_number, retry_after(error), random)
            if delay is None:
                raise
            if on_retry is not None:
                on_retry(retry_number + 1, error, delay)
            await sleep(delay)
            retry_number += 1
