"""A local stand-in for SendPulse's API: OAuth client credentials and sendText."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web

CLIENT_ID = "sp-client"
CLIENT_SECRET = "sp-secret"


class SendPulseStandIn:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []
        self.tokens_issued = 0
        self.revoked = False
        self._failures: list[int] = []

    def fail_next(self, status: int) -> None:
        self._failures.append(status)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/oauth/access_token", self._token)
        app.router.add_post("/telegram/contacts/sendText", self._send)
        return app

    async def _token(self, request: web.Request) -> web.Response:
        body = await request.json()
        if (body.get("client_id"), body.get("client_secret")) != (CLIENT_ID, CLIENT_SECRET):
            return web.json_response({"error": "invalid_client"}, status=401)
        self.tokens_issued += 1
        self.revoked = False
        token = f"token-{self.tokens_issued}"
        return web.json_response(
            {"access_token": token, "token_type": "Bearer", "expires_in": 3600}
        )

    async def _send(self, request: web.Request) -> web.Response:
        if self._failures:
            return web.json_response({"result": False}, status=self._failures.pop(0))
        expected = f"Bearer token-{self.tokens_issued}"
        if self.revoked or request.headers.get("Authorization") != expected:
            return web.json_response({"result": False}, status=401)
        body: dict[str, Any] = await request.json()
        self.sent.append((body["contact_id"], body["text"]))
        return web.json_response({"result": True})


@asynccontextmanager
async def running(stand_in: SendPulseStandIn) -> AsyncIterator[str]:
    runner = web.AppRunner(stand_in.app())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()
