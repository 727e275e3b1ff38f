"""Request bodies limited while they are read: size (413) and time (408).

A pure ASGI middleware wraps ``receive``: it refuses a declared ``Content-Length`` over the
route's limit before reading anything, counts the bytes as they arrive (chunked bodies
declare nothing) and stops at the first byte past the limit, so a 200 MiB request never sits
in memory. The whole body must arrive within ``body_timeout`` seconds of the first read, so a
client trickling a byte at a time cannot hold a request open.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Mapping
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from entrypoints.web.sanitize import printable

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 1_000_000
"""Telegram updates and every other body this app takes are far smaller."""
PAYMENT_MAX_BYTES = 64 * 1024
"""Robokassa and Tilda send a few kilobytes."""
LIMITS_BY_PREFIX: Mapping[str, int] = {"/payments/": PAYMENT_MAX_BYTES}
BODY_TIMEOUT_SECONDS = 30.0


class BodyRefused(Exception):
    """The body broke a limit; answered with ``status`` unless a response already started."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class BodyLimits:
    """Args:
    app: the ASGI app to protect.
    default_limit: bytes a body may have on any route without a prefix limit.
    limits_by_prefix: path prefix → bytes (the longest matching prefix wins).
    body_timeout: seconds from the first read to the end of the body.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        default_limit: int = DEFAULT_MAX_BYTES,
        limits_by_prefix: Mapping[str, int] = LIMITS_BY_PREFIX,
        body_timeout: float = BODY_TIMEOUT_SECONDS,
    ) -> None:
        self.app = app
        self.default_limit = default_limit
        self.limits_by_prefix = dict(limits_by_prefix)
        self.body_timeout = body_timeout

    def limit_for(self, path: str) -> int:
        matches = [prefix for prefix in self.limits_by_prefix if path.startswith(prefix)]
        return self.limits_by_prefix[max(matches, key=len)] if matches else self.default_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        try:
            _check_declared(scope, limit)
        except BodyRefused as refusal:
            await _answer(send, scope, refusal)
            return
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        reader = _BodyReader(receive, limit, self.body_timeout)
        try:
            await self.app(scope, reader.receive, sending)
        except BodyRefused as refusal:
            if started:
                raise
            await _answer(send, scope, refusal)


class _BodyReader:
    def __init__(self, receive: Receive, limit: int, timeout: float) -> None:
        self._receive = receive
        self._limit = limit
        self._timeout = timeout
        self._received = 0
        self._done = False
        self._deadline: float | None = None

    async def receive(self) -> Message:
        if self._done:
            return await self._receive()
        loop = asyncio.get_running_loop()
        if self._deadline is None:
            self._deadline = loop.time() + self._timeout
        try:
            async with asyncio.timeout_at(self._deadline):
                message = await self._receive()
        except TimeoutError:
            raise BodyRefused(408, f"the body took longer than {self._timeout:.0f} s") from None
        if message["type"] == "http.request":
            self._received += len(message.get("body", b""))
            if self._received > self._limit:
                raise BodyRefused(413, f"the body is larger than {self._limit} bytes")
            self._done = not message.get("more_body", False)
        else:
            self._done = True
        return message


def _check_declared(scope: Scope, limit: int) -> None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            if not value.isdigit():
                raise BodyRefused(400, "Content-Length is not a number")
            if int(value) > limit:
                raise BodyRefused(413, f"the body is larger than {limit} bytes")


async def _answer(send: Send, scope: Scope, refusal: BodyRefused) -> None:
    log.warning(
        "%s %s refused: %s", scope.get("method"), printable(scope.get("path", "")), refusal.reason
    )
    body = json.dumps({"ok": False, "error": refusal.reason}).encode()
    headers: list[Any] = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": refusal.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
