"""``POST /telegram/webhook``: Telegram's updates, checked, stored, acknowledged, processed.

The secret Telegram sends in ``X-Telegram-Bot-Api-Secret-Token`` must match the configured
one (missing → 401, wrong → 403, compared in constant time) before the body is even read;
a source that failed too often lately gets 429 (see :mod:`entrypoints.web.guard`). The
update is committed to the intake before the 200 goes out, and processed in the
background: a crash after the 200 loses nothing (the stored update is processed after the
restart), and a failure to store answers 503, so Telegram sends it again. Re-sent updates
are stored once.
"""

from __future__ import annotations

import json
import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from entrypoints.web.guard import TooManyFailures, attempts_of, secrets_match, source_of
from sleeplab_core.conversation.outbound import MalformedUpdate

log = logging.getLogger(__name__)

router = APIRouter()

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY_BYTES = 1_000_000
"""Updates are small JSON objects; anything bigger is not from Telegram."""


def _refuse(status: int, reason: str) -> JSONResponse:
    return JSONResponse({"ok": False, "error": reason}, status_code=status)


_UPDATE = {
    "parameters": [{"name": SECRET_HEADER, "in": "header", "schema": {"type": "string"}}],
    "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
}


@router.post("/telegram/webhook", openapi_extra=_UPDATE)
async def telegram_webhook(request: Request) -> JSONResponse:
    """Accept one update from Telegram."""
    runtime = getattr(request.app.state, "telegram", None)
    secret = getattr(request.app.state, "webhook_secret", None)
    if runtime is None or secret is None:
        return _refuse(503, "no Telegram bot with a webhook secret runs here")
    attempts, source = attempts_of(request), source_of(request)
    try:
        attempts.check(source)
    except TooManyFailures:
        return _refuse(429, "too many failed attempts; try later")
    given = request.headers.get(SECRET_HEADER)
    if given is None:
        attempts.failed(source, "webhook call without a secret token")
        return _refuse(401, "missing secret token")
    if not secrets_match(given, secret):
        attempts.failed(source, "webhook call with a wrong secret token")
        return _refuse(403, "wrong secret token")
    raw = await request.body()
    if len(raw) > MAX_BODY_BYTES:
        return _refuse(413, "body too large")
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError) as error:  # JSONDecodeError is a ValueError
        log.info("webhook body that is not JSON refused: %s", type(error).__name__)
        return _refuse(400, "not a Telegram update")
    try:
        await runtime.accept(body)
    except MalformedUpdate as error:
        log.info("malformed webhook body refused: %s", error)
        return _refuse(400, "not a Telegram update")
    except Exception:
        log.exception("webhook update could not be stored; Telegram will send it again")
        return _refuse(503, "update not stored; send it again")
    return JSONResponse({"ok": True})
