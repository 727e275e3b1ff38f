"""Schemathesis over the Steps admin API's OpenAPI spec: no input makes it answer 5xx."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import hypothesis
import schemathesis
from dependency_injector import providers
from fastapi import FastAPI

from entrypoints.containers import build_container
from entrypoints.settings import Settings
from entrypoints.web import create_app
from sleeplab_core.platform import load_bot

KEY = "fuzz-key"
MAX_EXAMPLES = 30


def _app() -> FastAPI:
    os.environ["SLEEPLAB_STEPS_API_KEY"] = KEY
    try:
        settings = Settings(
            database_url="memory://",
            data_dir=Path(tempfile.mkdtemp(prefix="sleeplab-steps-schemathesis-")),
        )
        container = build_container(settings)
        container.bots.override(providers.Object({"steps": load_bot("steps")}))
        return create_app(container, bot="steps")
    finally:
        os.environ.pop("SLEEPLAB_STEPS_API_KEY", None)


schema = schemathesis.openapi.from_asgi("/openapi.json", _app()).include(
    path_regex="^/(pvz|order|content|broadcast|families|promo-groups)"
)


@schema.parametrize()
@hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)
def test_no_steps_admin_route_answers_with_a_server_error(case: schemathesis.Case[Any]) -> None:
    response = case.call(headers={"API_Key": KEY})
    assert response.status_code < 500, f"{case.method} {case.path}: {response.text[:200]}"
