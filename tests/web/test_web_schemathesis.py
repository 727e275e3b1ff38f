"""Schemathesis over the published OpenAPI spec: no input makes a payment route fail with 5xx.

Bounded (a few dozen examples per operation, no deadline) so it stays a unit-test-sized run.
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

MAX_EXAMPLES = 30


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
    )
    return create_app(build_container(settings))


schema = schemathesis.openapi.from_asgi("/openapi.json", _app()).include(
    path_regex="^/(payments|health)"
)


@schema.parametrize()
@hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)
def test_no_payment_route_answers_with_a_server_error(case: schemathesis.Case[Any]) -> None:
    if case.path_parameters and "secret" in case.path_parameters:
        case.path_parameters["secret"] = TILDA_SECRET  # reach the form parser, not only 403
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.path}: {response.text[:200]}"
