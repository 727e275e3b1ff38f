"""The Bot API over HTTP: ``/bot{token}/{method}`` and ``/file/bot{token}/{file_path}``."""

from __future__ import annotations

import logging
import time
from typing import Any

from aiohttp import web

from .body import read_params
from .calls import CallLog, CallRecord
from .errors import NOT_FOUND, UNAUTHORIZED, ApiError
from .faults import Faults
from .methods import Described, Method, find_method
from .params import Params
from .world import World

_LONG_POLL = "getupdates"
_log = logging.getLogger(__name__)


class BotApi:
    """Answers Bot API requests for one bot token, applying injected faults first."""

    def __init__(self, world: World, token: str, faults: Faults, calls: CallLog) -> None:
        self.world = world
        self.token = token
        self.faults = faults
        self.calls = calls

    def routes(self) -> list[web.RouteDef]:
        return [
            web.route("*", "/bot{token}/{method}", self.handle_method),
            web.get("/file/bot{token}/{file_path:.+}", self.handle_download),
        ]

    async def handle_method(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _respond(UNAUTHORIZED.code, UNAUTHORIZED.envelope())
        name = request.match_info["method"]
        try:
            params = await read_params(request)
        except ApiError as error:
            return _respond(error.code, error.envelope())
        status, body = await self.execute(name, params)
        return _respond(status, body)

    async def handle_download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _respond(UNAUTHORIZED.code, UNAUTHORIZED.envelope())
        stored = self.world.files.by_path(request.match_info["file_path"])
        if stored is None:
            return _respond(NOT_FOUND.code, NOT_FOUND.envelope())
        return web.Response(
            body=stored.content, content_type=stored.mime_type or "application/octet-stream"
        )

    async def execute(self, name: str, params: Params) -> tuple[int, dict[str, Any]]:
        """Run one method call (from HTTP or a webhook reply); returns status and envelope."""
        method = find_method(name)
        record_name = method.name if method else name
        chat_id = _chat_of(params)
        arrived = time.monotonic()
        self.world.calls_started[record_name.lower()] += 1
        counted = int(record_name.lower() != _LONG_POLL)
        self.world.requests_in_flight += counted
        await self.world.notify()
        try:
            status, body = await self._answer(method, name, params, chat_id)
        finally:
            self.world.requests_in_flight -= counted
            await self.world.notify()
        self.calls.add(CallRecord(record_name, chat_id, params.as_dict(), status, arrived))
        return status, body

    async def _answer(
        self, method: Method | None, name: str, params: Params, chat_id: int | None
    ) -> tuple[int, dict[str, Any]]:
        try:
            if method is None:
                raise NOT_FOUND
            await self._apply_faults(method.name, chat_id)
            result = await method.handler(self.world, params)
        except ApiError as error:
            return error.code, error.envelope()
        except Exception as error:  # an emulator bug: answer like Telegram, fail the test later
            _log.exception("emulator failed on %s", name)
            self.world.internal_errors.append(error)
            return 500, ApiError(500, "Internal Server Error").envelope()
        return 200, _success(result)

    async def _apply_faults(self, name: str, chat_id: int | None) -> None:
        rule = self.faults.take(name, chat_id)
        if rule is not None:
            if rule.delay:
                await self.world.pause(rule.delay)
            error = rule.to_error()
            if error is not None:
                raise error
        rate_error = self.faults.check_rate(name, chat_id)
        if rate_error is not None:
            raise rate_error


def _success(result: Any) -> dict[str, Any]:
    if isinstance(result, Described):
        return {"ok": True, "result": result.result, "description": result.description}
    return {"ok": True, "result": result}


def _chat_of(params: Params) -> int | None:
    for name in ("chat_id", "user_id"):
        try:
            value = params.integer(name)
        except ApiError:
            return None
        if value is not None:
            return value
    return None


def _respond(status: int, body: dict[str, Any]) -> web.Response:
    return web.json_response(body, status=status)
