"""A token bucket: the global send rate of broadcasts, driven by the clock it is given.

Pure and synchronous: ``take(now)`` either spends a token and returns 0, or says how many
seconds to wait. The caller does the waiting (with an injected sleep), so tests move a
FakeClock instead of sleeping. ``pause_until`` honours a server's retry-after for everyone.
"""

from __future__ import annotations

import math
from datetime import datetime

import attrs

from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.retry import Sleep

DEFAULT_RATE = 25.0
"""Messages per second: below Telegram's ~30/s for bots, leaving room for replies."""

# Waits are rounded up to the clock's resolution, and a token "is there" within this
# slack, so float rounding can neither stall a waiter nor let one through early.
_MICROSECOND = 1e-6
_SLACK = 1e-9


def _positive(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not value > 0:
        raise ValueError(f"{attribute.name} must be positive, got {value}")


@attrs.define
class TokenBucket:
    """At most ``burst`` sends at once and ``rate`` per second on average.

    In any window of ``w`` seconds at most ``burst + rate * w`` tokens are taken.

    Attributes:
        rate: tokens added per second.
        burst: the bucket's size; 1 spaces sends evenly, 1/rate apart.
    """

    rate: float = attrs.field(default=DEFAULT_RATE, validator=_positive)
    burst: float = attrs.field(default=1.0, validator=_positive)
    _tokens: float | None = attrs.field(default=None, init=False)
    _updated_at: datetime | None = attrs.field(default=None, init=False)
    _paused_until: datetime | None = attrs.field(default=None, init=False)

    def take(self, now: datetime) -> float:
        """Spend a token and return 0, or return the seconds to wait before asking again."""
        if self._paused_until is not None and now < self._paused_until:
            return _round_up((self._paused_until - now).total_seconds())
        self._refill(now)
        assert self._tokens is not None
        if self._tokens >= 1 - _SLACK:
            self._tokens -= 1
            return 0.0
        return _round_up((1 - self._tokens) / self.rate)

    def give_back(self) -> None:
        """Return the token just taken: what it was for did not happen."""
        if self._tokens is not None:
            self._tokens = min(self.burst, self._tokens + 1)

    def is_idle(self, now: datetime) -> bool:
        """Whether the bucket is full again and not paused: as good as a new one."""
        if self._paused_until is not None and now < self._paused_until:
            return False
        if self._tokens is None or self._updated_at is None:
            return True
        elapsed = max(0.0, (now - self._updated_at).total_seconds())
        return self._tokens + elapsed * self.rate >= self.burst - _SLACK

    def pause_until(self, moment: datetime) -> None:
        """Send nothing before ``moment`` (a 429's retry-after); then restart with one token."""
        if self._paused_until is None or moment > self._paused_until:
            self._paused_until = moment
        # After a flood-limit pause, restart gently instead of spending a full burst at once.
        self._tokens = 0.0
        self._updated_at = moment

    def _refill(self, now: datetime) -> None:
        if self._tokens is None or self._updated_at is None:
            self._tokens, self._updated_at = self.burst, now
            return
        elapsed = max(0.0, (now - self._updated_at).total_seconds())
        self._tokens = min(self.burst, self._tokens + elapsed * self.rate)
        self._updated_at = max(now, self._updated_at)


def _round_up(seconds: float) -> float:
    # Rounded to a nanosecond first so 0.04 s stays 40000 µs rather than 40001.
    return max(_MICROSECOND, math.ceil(round(seconds / _MICROSECOND, 3)) * _MICROSECOND)


async def acquire(bucket: TokenBucket, clock: Clock, sleep: Sleep) -> None:
    """Wait (through ``sleep``) until ``bucket`` gives a token, and take it."""
    while (wait := bucket.take(clock.now())) > 0:
        await sleep(wait)
