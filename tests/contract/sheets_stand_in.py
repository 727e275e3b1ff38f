"""A local stand-in for the Google Sheets REST API (v4): the few calls the adapter makes.

Worksheets live in memory; ``fail_next(status, n)`` answers the next ``n`` requests with
that status (503 outage, 429 quota with Retry-After); every request is recorded.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import unquote

from aiohttp import web

TOKEN = "sheets-test-token"
SPREADSHEET = "sheet-123"


class SheetsStandIn:
    def __init__(self) -> None:
        self.sheets: dict[str, list[list[str]]] = {}
        self.requests: list[tuple[str, str]] = []
        self._failures: list[int] = []

    def fail_next(self, status: int, times: int = 1) -> None:
        self._failures.extend([status] * times)

    def app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        base = f"/v4/spreadsheets/{SPREADSHEET}"
        app.router.add_get(base, self._metadata)
        app.router.add_post(base + ":batchUpdate", self._batch_update)
        app.router.add_post(base + "/values:batchUpdate", self._values_batch_update)
        app.router.add_route("*", base + "/values/{range:.+}", self._values)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: Any) -> web.StreamResponse:
        self.requests.append((request.method, request.path))
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return web.json_response({"error": {"code": 401}}, status=401)
        if self._failures:
            status = self._failures.pop(0)
            return web.json_response({"error": {"code": status}}, status=status,
                                     headers={"Retry-After": "2"})  # fmt: skip
        return await handler(request)

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
