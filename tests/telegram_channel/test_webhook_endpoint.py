"""POST /telegram/webhook: the secret first, malformed bodies refused, the rest in background."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from adapters.telegram_emulator import Emulator
from sleeplab_core.conversation.intake import stored_update
from telegram_channel.harness import SECRET, BotProcess, bot_process, bot_settings

HEADER = "X-Telegram-Bot-Api-Secret-Token"
USER = 1001
START = {
    "update_id": 500,
    "message": {
        "message_id": 1,
        "date": 1_760_000_000,
        "chat": {"id": USER, "type": "private", "first_name": "Ann"},
        "from": {"id": USER, "is_bot": False, "first_name": "Ann", "language_code": "en"},
        "text": "/start",
        "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
    },
}


def webhook_url(emu: Emulator) -> str:
    (registration,) = emu.calls.of("setWebhook")
    assert registration.params["secret_token"] == SECRET
    return str(registration.params["url"])


async def post(bot: BotProcess, emu: Emulator, **kwargs: object) -> httpx.Response:
    async with httpx.AsyncClient() as client:
        return await client.post(webhook_url(emu), **kwargs)  # type: ignore[arg-type]


@pytest.fixture(params=["aiogram", "ptb"])
async def bot(emu: Emulator, tmp_path: Path, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    emu.user(USER, "Ann", language_code="en")
    async with bot_process(emu, bot_settings(emu, tmp_path), request.param, "webhook") as process:
        yield process


async def test_an_update_with_the_right_secret_is_accepted_and_processed(
    bot: BotProcess, emu: Emulator
) -> None:
    response = await post(bot, emu, json=START, headers={HEADER: SECRET})
    await bot.wait_handled(1)

    assert response.status_code == 200
    assert emu.calls.count("sendMessage", USER, ok_only=True) == 1


@pytest.mark.parametrize(
    ("headers", "status"), [({}, 401), ({HEADER: "wrong"}, 403), ({HEADER: ""}, 403)]
)
async def test_a_missing_or_wrong_secret_is_refused_and_nothing_is_processed(
    bot: BotProcess, emu: Emulator, headers: dict[str, str], status: int
) -> None:
    response = await post(bot, emu, json=START, headers=headers)
    await emu.wait_for_idle()

    assert response.status_code == status
    assert bot.handled == 0
    assert emu.calls.count("sendMessage") == 0


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[1, 2]", b'{"message": {}}', b'{"update_id": "x"}', b'{"update_id": 5, '],
)
async def test_a_malformed_body_is_refused_with_a_4xx(
    bot: BotProcess, emu: Emulator, body: bytes
) -> None:
    response = await post(bot, emu, content=body, headers={HEADER: SECRET})

    assert 400 <= response.status_code < 500
    assert bot.handled == 0


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 1_100 + b"]" * 1_100,
        b'{"update_id": 5, "message": ' + b"[" * 1_100 + b"]" * 1_100 + b"}",
        json.dumps(
            {
                "update_id": 6,
                "x": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],
            }
        ).encode(),
    ],
    ids=["1100 nested arrays", "nested inside an update", "34 levels"],
)
async def test_a_deeply_nested_body_is_refused_with_a_4xx_not_a_crash(
    bot: BotProcess, emu: Emulator, body: bytes
) -> None:
    response = await post(bot, emu, content=body, headers={HEADER: SECRET})

    assert response.status_code == 400
    assert bot.handled == 0


async def test_an_accepted_update_is_stored_before_the_answer(
    bot: BotProcess, emu: Emulator
) -> None:
    intake = bot.runtime.intake.intake  # type: ignore[attr-defined]
    stored_before = await intake.unfinished("sleeplab")

    response = await post(bot, emu, json=START, headers={HEADER: SECRET})
    stored_when_answered = await intake.store("sleeplab", stored_update(START), _now())

    assert response.status_code == 200
    assert stored_before == 0
    assert stored_when_answered is False, "already stored when the 200 came"


async def test_an_update_with_a_broken_message_is_refused(bot: BotProcess, emu: Emulator) -> None:
    broken = {"update_id": 9, "message": {"text": "hi"}}
    response = await post(bot, emu, json=broken, headers={HEADER: SECRET})

    assert response.status_code == 400
    assert bot.handled == 0


async def test_health_names_the_framework(bot: BotProcess, emu: Emulator) -> None:
    health = webhook_url(emu).replace("/telegram/webhook", "/health")
    async with httpx.AsyncClient() as client:
        response = await client.get(health)

    assert response.json() == {"status": "ok", "telegram": bot.runtime.framework}


def _now() -> datetime:
    return datetime.now(UTC)
