"""``/_emulator/...``: a JSON test-control API mirroring the Python one, for other processes.

POST /_emulator/users/{id}                 {"first_name", "language_code", ...}  create
POST /_emulator/users/{id}/text            {"text"}
POST /_emulator/users/{id}/command         {"command", "payload"}
POST /_emulator/users/{id}/press           {"button"}
POST /_emulator/users/{id}/pay             {"invoice_link", "timeout"}
POST /_emulator/users/{id}/block | unblock
GET  /_emulator/users/{id}/transcript | history
POST /_emulator/faults                     {"method", "error", "retry_after", "times", ...}
DELETE /_emulator/faults
GET  /_emulator/calls                      per method and per chat counts
GET  /_emulator/info                       base_url, token, bot username
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import attrs
from aiohttp import web

from .users import UserHandle

if TYPE_CHECKING:
    from .emulator import Emulator

_USER_FIELDS = ("first_name", "last_name", "username", "language_code")
_FAULT_FIELDS = ("method", "error", "retry_after", "times", "chat_id", "delay", "description")


class ControlApi:
    def __init__(self, emulator: Emulator) -> None:
        self._emu = emulator

    def routes(self) -> list[web.RouteDef]:
        user = "/_emulator/users/{user_id:-?\\d+}"
        return [
            web.get("/_emulator/info", self.info),
            web.post(user, self.create_user),
            web.post(user + "/text", self._with_user(self._text)),
            web.post(user + "/command", self._with_user(self._command)),
            web.post(user + "/press", self._with_user(self._press)),
            web.post(user + "/pay", self._with_user(self._pay)),
            web.post(user + "/block", self._with_user(self._block)),
            web.post(user + "/unblock", self._with_user(self._unblock)),
            web.get(user + "/transcript", self._with_user(self._transcript)),
            web.get(user + "/history", self._with_user(self._history)),
            web.post("/_emulator/faults", self.add_fault),
            web.delete("/_emulator/faults", self.clear_faults),
            web.get("/_emulator/calls", self.calls),
        ]

    async def info(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "base_url": self._emu.base_url,
                "token": self._emu.token,
                "username": self._emu.bot.username,
            }
        )

    async def create_user(self, request: web.Request) -> web.Response:
        body = await _body(request)
        fields = {k: body[k] for k in _USER_FIELDS if k in body}
        handle = self._emu.user(int(request.match_info["user_id"]), **fields)
        return web.json_response({"id": handle.id})

    async def add_fault(self, request: web.Request) -> web.Response:
        body = await _body(request)
        rule = self._emu.inject(**{k: body[k] for k in _FAULT_FIELDS if k in body})
        return web.json_response(attrs.asdict(rule))

    async def clear_faults(self, request: web.Request) -> web.Response:
        self._emu.faults.clear()
        return web.json_response({"cleared": True})

    async def calls(self, request: web.Request) -> web.Response:
        log = self._emu.calls
        return web.json_response(
            {
                "per_method": dict(log.per_method()),
                "per_chat": {str(k): v for k, v in log.per_chat().items()},
                "total": len(log.records),
            }
        )

    def _with_user(
        self, action: Callable[[UserHandle, dict[str, Any]], Awaitable[Any]]
    ) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def handler(request: web.Request) -> web.Response:
            user = self._emu.user(int(request.match_info["user_id"]))
            body = await _body(request) if request.method == "POST" else {}
            try:
                return web.json_response({"result": await action(user, body)})
            except LookupError as error:  # includes ButtonNotFoundError
                return web.json_response({"error": str(error)}, status=404)
            except TimeoutError:
                return web.json_response({"error": "the bot did not answer in time"}, status=504)
            except (KeyError, TypeError, ValueError) as error:
                return web.json_response({"error": f"bad request: {error}"}, status=400)

        return handler

    async def _text(self, user: UserHandle, body: dict[str, Any]) -> Any:
        return await user.send_text(str(body["text"]))

    async def _command(self, user: UserHandle, body: dict[str, Any]) -> Any:
        return await user.send_command(str(body["command"]), body.get("payload"))

    async def _press(self, user: UserHandle, body: dict[str, Any]) -> Any:
        query = await user.press(str(body["button"]))
        return {"callback_query_id": query.id if query else None}

    async def _pay(self, user: UserHandle, body: dict[str, Any]) -> Any:
        result = await user.pay(body.get("invoice_link"), float(body.get("timeout", 10)))
        return attrs.asdict(result)

    async def _block(self, user: UserHandle, body: dict[str, Any]) -> Any:
        await user.block()
        return True

    async def _unblock(self, user: UserHandle, body: dict[str, Any]) -> Any:
        await user.unblock()
        return True

    async def _transcript(self, user: UserHandle, body: dict[str, Any]) -> Any:
        return [
            {
                "message_id": e.message_id,
                "kind": e.kind,
                "text": e.text,
                "buttons": [list(row) for row in e.buttons],
                "edited": e.edited,
            }
            for e in user.transcript()
        ]

    async def _history(self, user: UserHandle, body: dict[str, Any]) -> Any:
        return [attrs.asdict(e) for e in user.history()]


async def _body(request: web.Request) -> dict[str, Any]:
    if not request.body_exists:
        return {}
    body = await request.json()
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="a JSON object is expected")
    return body
