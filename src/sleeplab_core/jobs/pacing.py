"""Send slots on a fixed grid of absolute deadlines: a broadcast's pace that does not drift.

A token bucket with a burst of one spaces sends ``1/rate`` apart *from the last send*, so
every late wake-up (a sleep overshooting, a slow send) is lost for good and the achieved rate
falls below the configured one. :class:`SendSchedule` instead gives slot ``n`` the deadline
``start + n/rate``: a sender that wakes late sends at once and is back on the grid, catching
up at most ``catch_up`` seconds of lost time, so no window ever carries more than
``rate × (window + catch_up) + 1`` sends.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Protocol

import attrs

from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.retry import Sleep

DEFAULT_CATCH_UP = 0.04
"""Seconds of lost time a late sender may make up at once (at 25/s: one send)."""

_MICROSECOND = 1e-6


class Pace(Protocol):
    """Hands out send slots: ``take(now)`` spends one and returns 0, or returns the seconds
    to wait before asking again; ``pause_until`` sends nothing before ``moment`` (a 429)."""

    def take(self, now: datetime) -> float: ...

    def pause_until(self, moment: datetime) -> None: ...


def _positive(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not value > 0:
        raise ValueError(f"{attribute.name} must be positive, got {value}")


@attrs.define
class SendSchedule:
    """At most ``rate`` sends per second on average, slots on absolute deadlines.

    Attributes:
        rate: slots per second.
        catch_up: how far behind the grid (seconds) a late sender may still claim slots
            one after another; older slots are dropped.
    """

    rate: float = attrs.field(validator=_positive)
    catch_up: float = attrs.field(default=DEFAULT_CATCH_UP, validator=attrs.validators.ge(0))
    _origin: datetime | None = attrs.field(default=None, init=False)
    _slot: int = attrs.field(default=0, init=False)  # the next slot's number on the grid

    def take(self, now: datetime) -> float:
        """Spend the next slot and return 0, or return the seconds until it is due."""
        if self._origin is None:
            self._origin = now
        behind = (now - self._origin).total_seconds() - self.catch_up
        self._slot = max(self._slot, math.ceil(behind * self.rate))  # drop slots too old
        wait = self._slot / self.rate - (now - self._origin).total_seconds()
        if wait > 0:
            return _round_up(wait)
        self._slot += 1
        return 0.0

    def pause_until(self, moment: datetime) -> None:
        """No slot before ``moment``: the grid restarts there."""
        if self._origin is None or moment > self._origin + self._due(self._slot):
            self._origin, self._slot = moment, 0

    def _due(self, slot: int) -> timedelta:
        return timedelta(seconds=slot / self.rate)


async def acquire_slot(pace: Pace, clock: Clock, sleep: Sleep) -> None:
    """Wait (through ``sleep``) until ``pace`` gives a slot, and take it."""
    while (wait := pace.take(clock.now())) > 0:
        await sleep(wait)


def _round_up(seconds: float) -> float:
    return max(_MICROSECOND, math.ceil(round(seconds / _MICROSECOND, 3)) * _MICROSECOND)
