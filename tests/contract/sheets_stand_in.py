"""A local stand-in for the Google Sheets REST API (v4): the few calls the adapter makes,
and Google's OAuth token endpoint for service accounts (the JWT bearer grant).

Worksheets live in memory; ``fail_next(status, n)`` answers the next ``n`` requests with
that status (503 outage, 429 quota with Retry-After); every request is recorded. With
``service_account(public_key_pem, email)`` the token endpoint checks the RS256 assertion and
hands out ``minted-<n>`` tokens that the Sheets routes then accept (``revoke()`` refuses
the current one with 401).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import unquote

import jwt
from aiohttp import web

TOKEN = "sheets-test-token"
SPREADSHEET = "sheet-123"


class SheetsStandIn:
    def __init__(self) -> None:
        self.sheets: dict[str, list[list[str]]] = {}
        self.requests: list[tuple[str, str]] = []
        self._failures: list[int] = []
        self.accepted = {f"Bearer {TOKEN}"}
        self.tokens_minted = 0
        self._public_key: str | None = None
        self._email = ""
        self.token_path = "/token"

    def service_account(self, public_key_pem: str, email: str) -> None:
        self._public_key, self._email = public_key_pem, email

    def revoke(self) -> None:
        self.accepted = {f"Bearer {TOKEN}"}

    def fail_next(self, status: int, times: int = 1) -> None:
        self._failures.extend([status] * times)

    def app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        base = f"/v4/spreadsheets/{SPREADSHEET}"
        app.router.add_post(self.token_path, self._token)
        app.router.add_get(base, self._metadata)
        app.router.add_get(base + "/values:batchGet", self._batch_get)
        app.router.add_post(base + ":batchUpdate", self._batch_update)
        app.router.add_post(base + "/values:batchUpdate", self._values_batch_update)
        app.router.add_route("*", base + "/values/{range:.+}", self._values)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: Any) -> web.StreamResponse:
        self.requests.append((request.method, request.path))
        if request.path == self.token_path:
            return await handler(request)
        if request.headers.get("Authorization") not in self.accepted:
            return web.json_response({"error": {"code": 401}}, status=401)
        if self._failures:
            status = self._failures.pop(0)
            return web.json_response({"error": {"code": status}}, status=status,
                                     headers={"Retry-After": "2"})  # fmt: skip
        return await handler(request)

    async def _token(self, request: web.Request) -> web.Response:
        form = await request.post()
        if form.get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer":
            return web.json_response({"error": "unsupported_grant_type"}, status=400)
        try:
            # The signature, audience and claims are checked; not the times against this
            # machine's clock (the tests run on a clock of their own).
            options = {"verify_exp": False, "verify_iat": False,
                       "require": ["iss", "aud", "iat", "exp", "scope"]}  # fmt: skip
            claims = jwt.decode(str(form.get("assertion", "")), self._public_key or "",
                                algorithms=["RS256"], audience=str(request.url),
                                options=options)  # fmt: skip
        except (jwt.PyJWTError, ValueError):
            return web.json_response({"error": "invalid_grant"}, status=400)
        lifetime = int(claims["exp"]) - int(claims["iat"])
        if claims["iss"] != self._email or "spreadsheets" not in claims["scope"]:
            return web.json_response({"error": "invalid_grant"}, status=400)
        if not 0 < lifetime <= 3600:
            return web.json_response({"error": "invalid_grant"}, status=400)
        self.tokens_minted += 1
        token = f"minted-{self.tokens_minted}"
        self.accepted = {f"Bearer {token}"}
        return web.json_response({"access_token": token, "expires_in": 3600,
                                  "token_type": "Bearer"})  # fmt: skip

    async def _batch_get(self, request: web.Request) -> web.Response:
        ranges = request.query.getall("ranges", [])
        parts = []
        for target in ranges:
            title, _, _ = _parse(target)
            if title not in self.sheets:
                return web.json_response({"error": {"code": 400}}, status=400)
            parts.append({"range": target, "values": list(self.sheets[title])})
        return web.json_response({"valueRanges": parts})

    async def _metadata(self, request: web.Request) -> web.Response:
        sheets = [{"properties": {"title": title}} for title in self.sheets]
        return web.json_response({"sheets": sheets})

    async def _batch_update(self, request: web.Request) -> web.Response:
        for item in (await request.json())["requests"]:
            title = item["addSheet"]["properties"]["title"]
            if title in self.sheets:
                return web.json_response({"error": {"code": 400}}, status=400)
            self.sheets[title] = []
        return web.json_response({"replies": []})

    async def _values_batch_update(self, request: web.Request) -> web.Response:
        for item in (await request.json())["data"]:
            title, first, _ = _parse(item["range"])
            sheet = self.sheets[title]
            while len(sheet) < first:
                sheet.append([])
            sheet[first - 1] = [str(v) for v in item["values"][0]]
        return web.json_response({})

    async def _values(self, request: web.Request) -> web.Response:
        target = unquote(request.match_info["range"])
        if request.method == "POST" and target.endswith(":append"):
            title, _, _ = _parse(target.removesuffix(":append"))
            assert request.query["insertDataOption"] == "INSERT_ROWS"
            self.sheets[title].extend(
                [str(v) for v in row] for row in (await request.json())["values"]
            )
            return web.json_response({})
        title, _, _ = _parse(target)
        rows = list(self.sheets.get(title, []))
        return web.json_response({"range": target, "values": rows})


def _parse(a1: str) -> tuple[str, int, int]:
    found = re.fullmatch(r"'((?:[^']|'')*)'!A(\d*):H(\d*)", a1)
    assert found, a1
    title = found.group(1).replace("''", "'")
    return title, int(found.group(2) or 1), int(found.group(3) or 0)


@asynccontextmanager
async def running(stand_in: SheetsStandIn) -> AsyncIterator[str]:
    runner = web.AppRunner(stand_in.app())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()
