"""Failed secret checks, limited per source address and logged without the attempted value.

Every route that a secret or signature protects (the Telegram webhook, the Tilda webhook,
Robokassa's ResultURL) counts failures per client address: after :data:`FAILURE_LIMIT`
failures within :data:`WINDOW_SECONDS` the address is answered 429 without any check until
its failures age out. Guessing a 32-character secret at 10 tries a minute is hopeless; a
genuine caller (which knows the secret) never fails.
"""

from __future__ import annotations

import hmac
import logging
import time
from collections import OrderedDict, deque
from collections.abc import Callable

from starlette.requests import Request

from entrypoints.web.sanitize import printable

log = logging.getLogger(__name__)

FAILURE_LIMIT = 10
WINDOW_SECONDS = 60.0
MAX_SOURCES = 10_000
"""Addresses remembered at once; the least recently failing are forgotten first."""


class TooManyFailures(Exception):
    """The source failed too often lately: answer 429 without checking anything."""


class FailedAttempts:
    """Recent failures per source, in a bounded amount of memory."""

    def __init__(
        self,
        *,
        limit: int = FAILURE_LIMIT,
        window: float = WINDOW_SECONDS,
        max_sources: int = MAX_SOURCES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._limit = limit
        self._window = window
        self._max_sources = max_sources
        self._clock = clock
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()

    def check(self, source: str) -> None:
        """Raises:
        TooManyFailures: ``source`` failed ``limit`` times within the window.
        """
        if len(self._recent(source)) >= self._limit:
            raise TooManyFailures(source)

    def failed(self, source: str, what: str) -> None:
        """Count a failure of ``source`` and log it (the route and address, no value)."""
        recent = self._recent(source)
        recent.append(self._clock())
        self._failures[source] = recent
        self._failures.move_to_end(source)
        while len(self._failures) > self._max_sources:
            self._failures.popitem(last=False)
        log.warning(
            "%s refused from %s (%d failures in %.0f s)",
            what,
            printable(source),
            len(recent),
            self._window,
        )

    def _recent(self, source: str) -> deque[float]:
        recent = self._failures.get(source, deque(maxlen=self._limit))
        horizon = self._clock() - self._window
        while recent and recent[0] <= horizon:
            recent.popleft()
        if not recent:
            self._failures.pop(source, None)
        return recent


def source_of(request: Request) -> str:
    """The client address (the proxy's, unless uvicorn runs with ``--proxy-headers``)."""
    return request.client.host if request.client is not None else "unknown"


def attempts_of(request: Request) -> FailedAttempts:
    """The app's failure counter (one per app, made on first use)."""
    state = request.app.state
    attempts: FailedAttempts | None = getattr(state, "failed_attempts", None)
    if attempts is None:
        attempts = FailedAttempts()
        state.failed_attempts = attempts
    return attempts


def secrets_match(given: str, expected: str) -> bool:
    """Constant-time comparison of two secrets (as UTF-8 bytes)."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
