"""Strong secrets, checked: weak ones refuse to start; guesses are limited per source and logged.

Each secret-protected route (Telegram webhook, Tilda webhook, Robokassa ResultURL) counts
failed checks per client address; after ten in a minute that address gets 429 even with the
right secret, and no log line carries an attempted value.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from web_support import BOT, PASSWORD1, PASSWORD2, TILDA_SECRET, TILDA_TOKEN_SECRET

from entrypoints.containers import build_container
from entrypoints.secret_policy import WeakSecret, check_secrets, new_secret, require_strong
from entrypoints.settings import Settings
from entrypoints.web import create_app
from entrypoints.web.guard import FAILURE_LIMIT, FailedAttempts, TooManyFailures

GUESS = "canary-guess-0123456789-abcdefghijklmn"


@pytest.mark.parametrize(
    "weak",
    ["q", "x" * 31, "x" * 257, "a" * 31 + "!", "пароль" * 8, "a b" * 20, ""],
)
def test_a_weak_secret_is_refused_naming_the_variable_not_the_value(weak: str) -> None:
    with pytest.raises(WeakSecret) as refused:
        require_strong("SLEEPLAB_WEBHOOK_SECRET", weak)

    message = str(refused.value)
    assert "SLEEPLAB_WEBHOOK_SECRET" in message
    assert "\n" not in message
    assert weak == "" or weak not in message


def test_a_generated_secret_is_strong_and_fresh() -> None:
    first, second = new_secret(), new_secret()

    assert require_strong("X", first) == first
    assert first != second


@pytest.mark.parametrize("field", ["webhook_secret", "tilda_secret", "tilda_token_secret"])
def test_the_app_refuses_to_start_with_any_weak_callback_secret(tmp_path: Path, field: str) -> None:
    settings = Settings(database_url="memory://", data_dir=tmp_path, **{field: "short"})

    with pytest.raises(WeakSecret):
        check_secrets(settings)
    with pytest.raises(WeakSecret):
        create_app(build_container(settings))


def test_sleeplab_web_refuses_a_weak_secret_with_one_line(tmp_path: Path) -> None:
    env = {
        "SLEEPLAB_DATA_DIR": str(tmp_path),
        "SLEEPLAB_TELEGRAM_TOKEN": "123:canary",
        "SLEEPLAB_WEBHOOK_SECRET": "q",
        "PATH": "/usr/bin:/bin",
    }
    done = subprocess.run(
        [sys.executable, "-m", "entrypoints", "web"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "SLEEPLAB_WEBHOOK_SECRET" in lines[0]


def test_failures_age_out_of_the_window() -> None:
    now = [0.0]
    attempts = FailedAttempts(limit=3, window=60.0, clock=lambda: now[0])
    for _ in range(3):
        attempts.failed("10.0.0.1", "test")

    with pytest.raises(TooManyFailures):
        attempts.check("10.0.0.1")
    attempts.check("10.0.0.2")  # another source is not affected
    now[0] = 61.0
    attempts.check("10.0.0.1")


def test_the_memory_of_sources_is_bounded() -> None:
    attempts = FailedAttempts(limit=1, max_sources=100)
    for source in range(1000):
        attempts.failed(f"10.0.{source // 256}.{source % 256}", "test")

    attempts.check("10.0.0.0")  # forgotten: the oldest go first
    with pytest.raises(TooManyFailures):
        attempts.check("10.0.3.231")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        database_url="memory://",
        data_dir=tmp_path,
        bot_username=BOT,
        robokassa_login="sleeplab-shop",
        robokassa_password1=PASSWORD1,
        robokassa_password2=PASSWORD2,
        tilda_secret=TILDA_SECRET,
        tilda_token_secret=TILDA_TOKEN_SECRET,
        tilda_page_url="https://sleeplab.example/pay",
    )


async def test_tilda_secret_guesses_are_limited_then_even_the_right_one_waits(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(build_container(settings))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://shop.test") as client:
        with caplog.at_level(logging.INFO):
            answers = [
                (await client.post(f"/payments/tilda/{GUESS}{n}", data={"test": "test"}))
                for n in range(FAILURE_LIMIT)
            ]
            right = await client.post(f"/payments/tilda/{TILDA_SECRET}", data={"test": "test"})

    assert {a.status_code for a in answers} == {403}
    assert right.status_code == 429
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("entrypoints"))
    assert "Tilda webhook with a wrong secret refused from 127.0.0.1" in ours
    assert GUESS not in ours
    assert TILDA_SECRET not in ours


async def test_robokassa_signature_guesses_are_limited(settings: Settings) -> None:
    app = create_app(build_container(settings))
    transport = httpx.ASGITransport(app=app)
    forged = {
        "OutSum": "490.00",
        "InvId": "1",
        "SignatureValue": "0" * 32,
        "Shp_order": "ord_0000000000000001",
        "Shp_user": "1",
    }
    async with httpx.AsyncClient(transport=transport, base_url="http://shop.test") as client:
        answers = [
            (await client.post("/payments/robokassa/result", data=forged)).status_code
            for _ in range(FAILURE_LIMIT + 1)
        ]

    assert answers == [400] * FAILURE_LIMIT + [429]
