"""Schemathesis over the whole published OpenAPI spec: no input makes any route answer 5xx.

Every gateway is configured and a stand-in Telegram runtime serves the webhook (so its
secret check and body parsing are reached, not only "no bot here"); the failed-attempt
limiter is lifted so forged signatures keep reaching the parsers. Bounded (a few dozen
examples per operation, no deadline) so it stays a unit-test-sized run.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import hypothesis
import schemathesis
from fastapi import FastAPI
from web_support import BOT, PASSWORD1, PASSWORD2, TILDA_SECRET, TILDA_TOKEN_SECRET

from entrypoints.containers import build_container
from entrypoints.settings import Settings
from entrypoints.web import create_app
from entrypoints.web.guard import FailedAttempts
from entrypoints.web.telegram import SECRET_HEADER
from sleeplab_core.conversation.intake import stored_update

MAX_EXAMPLES = 30
WEBHOOK_SECRET = "webhook-secret-0123456789-abcdefghijklmnop"


class StandInRuntime:
    """Takes updates the way the runtimes do: the intake's checks, then nothing stored."""

    framework = "stand-in"

    async def accept(self, body: object) -> bool:
        stored_update(body)  # refuses what the intake would refuse
        return True

    async def close(self) -> None:
        """Nothing to close."""


def _app() -> FastAPI:
    """Every gateway configured, storage in memory (nothing is written to disk)."""
    settings = Settings(
        database_url="memory://",
        data_dir=Path(tempfile.mkdtemp(prefix="sleeplab-schemathesis-")),
        bot_username=BOT,
        robokassa_login="sleeplab-shop",
        robokassa_password1=PASSWORD1,
        robokassa_password2=PASSWORD2,
        tilda_secret=TILDA_SECRET,
        tilda_token_secret=TILDA_TOKEN_SECRET,
        tilda_page_url="https://sleeplab.example/pay",
        webhook_secret=WEBHOOK_SECRET,
    )
    return create_app(build_container(settings))


app = _app()
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


def test_the_spec_covers_every_route() -> None:
    paths = set(schema.raw_schema["paths"])
    assert {"/health", "/telegram/webhook", "/payments/robokassa/result"} <= paths


@schema.parametrize()
@hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)
def test_no_route_answers_with_a_server_error(case: schemathesis.Case[Any]) -> None:
    app.state.telegram = StandInRuntime()
    app.state.webhook_secret = WEBHOOK_SECRET
    app.state.failed_attempts = FailedAttempts(limit=10**9)
    if case.path_parameters and "secret" in case.path_parameters:
        case.path_parameters["secret"] = TILDA_SECRET  # reach the form parser, not only 403
    if case.path == "/telegram/webhook":
        case.headers = {**(case.headers or {}), SECRET_HEADER: WEBHOOK_SECRET}
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.path}: {response.text[:200]}"
