"""The shared kernel: ids, clock, errors, users, texts and the expression language."""

from sleeplab_core.kernel.clock import Clock, FakeClock, SystemClock
from sleeplab_core.kernel.errors import Conflict, NotFound, SleeplabError, ValidationFailed

__all__ = [
    "Clock",
    "Conflict",
    "FakeClock",
    "NotFound",
    "SleeplabError",
    "SystemClock",
    "ValidationFailed",
]
