"""HTTP edges: bodies limited while read, slow clients timed out, crafted input never a 5xx,
control characters never echoed or logged raw."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import uvicorn
from starlette.types import Message, Receive, Scope, Send
from web_support import TILDA_SECRET

from entrypoints.web.limits import DEFAULT_MAX_BYTES, PAYMENT_MAX_BYTES, BodyLimits
from entrypoints.web.sanitize import printable
from entrypoints.web.server import HeaderTimeoutH11Protocol, uvicorn_options

CHUNK = 64 * 1024


class CountingBody:
    """A request body of ``chunks`` chunks that counts how many the server pulled."""

    def __init__(self, chunks: int) -> None:
        self.chunks = chunks
        self.pulled = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for _ in range(self.chunks):
            self.pulled += 1
            yield b"x" * CHUNK


async def reader_app(scope: Scope, receive: Receive, send: Send) -> None:
    """Reads the whole body, then answers 200 (what a naive route does)."""
    more = True
    while more:
        message = await receive()
        more = message.get("more_body", False)
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"read"})


async def test_a_huge_chunked_body_is_refused_after_reading_about_the_limit() -> None:
    body = CountingBody(200)  # 12.5 MiB, no Content-Length
    transport = httpx.ASGITransport(app=BodyLimits(reader_app))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        answer = await client.post("/telegram/webhook", content=body)

    assert answer.status_code == 413
    assert body.pulled <= DEFAULT_MAX_BYTES // CHUNK + 2


async def test_a_huge_payment_body_is_refused_at_the_payment_limit(
    web: httpx.AsyncClient,
) -> None:
    body = CountingBody(50)

    answer = await web.post("/payments/robokassa/result", content=body)

    assert answer.status_code == 413
    assert body.pulled <= PAYMENT_MAX_BYTES // CHUNK + 2


async def test_a_declared_length_over_the_limit_is_refused_before_reading(
    web: httpx.AsyncClient,
) -> None:
    body = CountingBody(1)

    answer = await web.post(
        "/telegram/webhook", content=body, headers={"Content-Length": str(10**9)}
    )

    assert answer.status_code == 413
    assert body.pulled == 0


async def test_a_body_that_trickles_too_slowly_is_answered_408() -> None:
    never = asyncio.Event()

    async def stalled() -> Message:
        await never.wait()
        raise AssertionError("unreachable")

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    limits = BodyLimits(reader_app, body_timeout=0.05)
    await limits({"type": "http", "method": "POST", "path": "/x", "headers": []}, stalled, send)

    assert sent[0]["status"] == 408


async def test_a_robokassa_field_name_with_a_newline_is_neither_echoed_nor_logged_raw(
    web: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    forged = "Shp_x\n2026-01-01 CRITICAL forged line " + "A" * 30_000
    fields = {"OutSum": "1.00", "InvId": "1", "SignatureValue": "0" * 32, forged: "v" * 2001}

    with caplog.at_level(logging.DEBUG):
        answer = await web.post("/payments/robokassa/result", data=fields)

    assert answer.status_code == 400
    error = answer.json()["error"]
    assert "\n" not in error
    assert len(error) < 500
    ours = [r for r in caplog.records if r.name.startswith(("entrypoints", "sleeplab_core"))]
    assert ours
    assert all("\n" not in r.getMessage() and len(r.getMessage()) < 1000 for r in ours)


@pytest.mark.parametrize(
    "fields",
    [
        {"payment[products][²][name]": "x"},
        {"payment[products][0]": "a", "payment[products][0][x]": "b"},
        {"payment": '{"amount": 1e400, "orderid": 1}'},
        {"payment": "[" * 5000 + "]" * 5000},
        {"payment": '{"amount": "1", "orderid": 1, "products": [{"quantity": {"a": 1}}]}'},
        {"\x00": "\x00", "tranid": "\r\n", "formid": "\u2028"},
    ],
)
async def test_crafted_tilda_fields_are_refused_with_a_4xx(
    web: httpx.AsyncClient, fields: dict[str, str]
) -> None:
    form = {"sleeplab_token": "x.y", "tranid": "1", "formid": "f", **fields}

    answer = await web.post(f"/payments/tilda/{TILDA_SECRET}", data=form)

    assert 400 <= answer.status_code < 500
    assert "\n" not in answer.json()["error"]


def test_printable_escapes_controls_and_bounds_length() -> None:
    assert printable("a\nb\r\x1b[31m\u2028") == "a\\x0ab\\x0d\\x1b[31m\\u2028"
    assert printable("x" * 100, limit=10) == "x" * 10 + "…"
    assert printable("ключ ok") == "ключ ok"


# --- the server: slow headers --------------------------------------------------------------


class QuickHeaderTimeout(HeaderTimeoutH11Protocol):
    header_timeout = 0.3


async def hello(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"hello"})


@contextlib.asynccontextmanager
async def serving() -> AsyncIterator[int]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = int(sock.getsockname()[1])
    options: dict[str, Any] = {**uvicorn_options(), "http": QuickHeaderTimeout}
    server = uvicorn.Server(uvicorn.Config(hello, log_level="error", **options))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.01)
        yield port
    finally:
        server.should_exit = True
        await task
        sock.close()


async def test_a_connection_with_unfinished_headers_is_closed_by_the_server() -> None:
    async with serving() as port:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n")  # never finishes the headers
        await writer.drain()

        closed = await asyncio.wait_for(reader.read(), timeout=10)

        writer.close()
    assert closed == b""


async def test_a_complete_request_is_answered_despite_the_header_timeout() -> None:
    async with serving() as port:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        await writer.drain()

        head = await asyncio.wait_for(reader.readuntil(b"hello"), timeout=10)

        writer.close()
    assert head.startswith(b"HTTP/1.1 200")
