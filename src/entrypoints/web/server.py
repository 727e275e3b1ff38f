"""How ``sleeplab web`` runs uvicorn: timeouts and limits against slow or greedy clients.

- A connection must finish sending a request's headers within :data:`HEADER_TIMEOUT_SECONDS`
  of connecting (or of its first byte after a keep-alive pause), else it is closed: uvicorn
  itself has no header timeout, so :class:`HeaderTimeoutH11Protocol` adds one.
- Idle keep-alive connections close after :data:`KEEP_ALIVE_SECONDS`.
- h11 refuses header blocks over :data:`MAX_HEADER_BYTES` (uvicorn answers 400).
- Bodies: size and total read time are the app's (:mod:`entrypoints.web.limits`).
- At most :data:`MAX_CONCURRENCY` connections; more are answered 503.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_TIMEOUT_SECONDS = 10.0
KEEP_ALIVE_SECONDS = 5
MAX_HEADER_BYTES = 16 * 1024
MAX_CONCURRENCY = 1000


class HeaderTimeoutH11Protocol(H11Protocol):
    """uvicorn's h11 protocol that closes a connection whose headers are too slow."""

    header_timeout: float = HEADER_TIMEOUT_SECONDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self._header_deadline is None and self._between_requests():
            self._arm()
        seen = self.cycle
        super().data_received(data)
        if self.cycle is not seen:  # the headers of a new request are complete
            self._disarm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _between_requests(self) -> bool:
        return self.cycle is None or self.cycle.response_complete

    def _arm(self) -> None:
        self._disarm()
        self._header_deadline = self.loop.call_later(self.header_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _too_slow(self) -> None:
        self._header_deadline = None
        if self._between_requests() and not self.transport.is_closing():
            self.logger.info("closing a connection whose request headers were too slow")
            self.transport.close()


def uvicorn_options() -> dict[str, Any]:
    """The keyword arguments ``uvicorn.run``/``uvicorn.Config`` get besides app, host, port."""
    return {
        "http": HeaderTimeoutH11Protocol,
        "timeout_keep_alive": KEEP_ALIVE_SECONDS,
        "h11_max_incomplete_event_size": MAX_HEADER_BYTES,
        "limit_concurrency": MAX_CONCURRENCY,
        "server_header": False,
        "access_log": False,
    }
