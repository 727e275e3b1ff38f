"""A full SleepLab journey at DEBUG with a canary token, secret and answers: none in the logs.

Both frameworks, in webhook mode (the secret travels on every update) against the emulator,
storing in SQLite (so the database drivers' statement logging is exercised too). Every log
record of every library is captured, as an operator running ``SLEEPLAB_LOG_LEVEL=DEBUG``
would see it, with the log hygiene that ``sleeplab`` installs at start.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.telegram_emulator import Emulator
from entrypoints import log_hygiene
from telegram_channel.harness import bot_settings
from telegram_channel.journey import SCRIPT, TelegramDriver, play

CANARY_TOKEN = "7123456789:AAcanaryTokenSecretPart_0123456789-xyzQW"
CANARY_SECRET = "canary-webhook-secret-0123456789-abcdefghij"
CANARY_NAME = "Zqxwvanna Canarykova"
CANARY_BEDTIME, CANARY_WAKE = "22:47", "06:53"
SECRETS = (CANARY_TOKEN, CANARY_TOKEN.split(":")[1], CANARY_SECRET)
ANSWERS = (CANARY_NAME, CANARY_BEDTIME, CANARY_WAKE)


def canary_script() -> list[tuple[str, object]]:
    """The contract journey with canary answers, and a name typed where the age is asked."""
    script: list[tuple[str, object]] = []
    for step in SCRIPT:
        if step == ("say", "35"):
            script.append(("say", CANARY_NAME))  # refused: not an age; still never logged
        if step == ("say", "23:00"):
            step = ("say", CANARY_BEDTIME)
        if step == ("say", "07:00"):
            step = ("say", CANARY_WAKE)
        script.append(step)
    return script


@pytest.fixture
async def canary_emu() -> AsyncIterator[Emulator]:
    async with Emulator(token=CANARY_TOKEN) as emulator:
        yield emulator


@pytest.mark.parametrize(
    ("framework", "logs_urls"),
    [("aiogram", False), ("ptb", True)],  # PTB's httpx logs URLs
)
async def test_a_debug_journey_logs_no_token_secret_or_answer(
    canary_emu: Emulator,
    tmp_path: Path,
    framework: str,
    logs_urls: bool,
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = bot_settings(canary_emu, tmp_path, webhook_secret=CANARY_SECRET)
    driver = TelegramDriver(canary_emu, settings, framework, "webhook")

    with caplog.at_level(logging.DEBUG):
        log_hygiene.install(settings)  # as ``sleeplab`` does once the level is configured
        debugging = logging.getLogger("sleeplab").isEnabledFor(logging.DEBUG)
        transcript = await play(driver, canary_script())

    assert any(CANARY_BEDTIME in text for text, _ in transcript), "the answers were given"
    logged = "\n".join(
        [
            caplog.text,
            *(r.getMessage() for r in caplog.records),
            *(r.exc_text or "" for r in caplog.records),
        ]
    )
    assert debugging
    assert ("/bot<token>/" in logged) is logs_urls, "the Bot API request lines, masked"
    for canary in (*SECRETS, *ANSWERS):
        assert canary not in logged, f"{canary!r} leaked into the logs"


def test_scrub_masks_tokens_in_urls_and_the_tilda_secret() -> None:
    line = (
        'HTTP Request: POST http://h/bot123:AAsecret-_x/sendMessage "200" '
        "/payments/tilda/abcdefSECRET?x=1"
    )

    scrubbed = log_hygiene.scrub(line)

    assert "AAsecret" not in scrubbed
    assert "abcdefSECRET" not in scrubbed
    assert "/bot<token>/sendMessage" in scrubbed


def test_a_forged_line_in_an_argument_is_escaped(caplog: pytest.LogCaptureFixture) -> None:
    log_hygiene.install()

    with caplog.at_level(logging.INFO):
        logging.getLogger("sleeplab.test").info("field %s", "x\n2026 CRITICAL forged")

    (record,) = caplog.records
    assert record.getMessage() == "field x\\x0a2026 CRITICAL forged"
