"""The HTTP surface: routes, body encodings and the response envelope."""

from __future__ import annotations

import json

import aiohttp

from adapters.telegram_emulator import Emulator

from .conftest import USER_ID


async def _post(url: str, **kwargs: object) -> tuple[int, dict[str, object]]:
    async with aiohttp.ClientSession() as session, session.post(url, **kwargs) as response:
        return response.status, json.loads(await response.text())


async def test_unknown_method_answers_404_not_found(emu: Emulator) -> None:
    status, body = await _post(f"{emu.api_url}/sendTelepathy", json={})

    assert status == 404
    assert body == {"ok": False, "error_code": 404, "description": "Not Found"}


async def test_wrong_token_answers_401_unauthorized(emu: Emulator) -> None:
    status, body = await _post(f"{emu.base_url}/bot123:nope/getMe")

    assert status == 401
    assert body["description"] == "Unauthorized"


async def test_method_names_are_case_insensitive(emu: Emulator) -> None:
    status, body = await _post(f"{emu.api_url}/GETME")

    assert status == 200
    assert body["ok"] is True
    assert body["result"]["username"] == emu.bot.username


async def test_json_body_is_accepted(emu: Emulator) -> None:
    emu.user(USER_ID)

    status, body = await _post(
        f"{emu.api_url}/sendMessage", json={"chat_id": USER_ID, "text": "json"}
    )

    assert status == 200
    assert body["result"]["text"] == "json"


async def test_urlencoded_body_decodes_json_fields(emu: Emulator) -> None:
    emu.user(USER_ID)
    markup = json.dumps({"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]})

    status, body = await _post(
        f"{emu.api_url}/sendMessage",
        data={"chat_id": str(USER_ID), "text": "form", "reply_markup": markup},
    )

    assert status == 200
    assert body["result"]["reply_markup"] == json.loads(markup)


async def test_chunked_multipart_upload_is_accepted(emu: Emulator) -> None:
    emu.user(USER_ID)

    async def chunks():  # type: ignore[no-untyped-def]
        yield b"part one, "
        yield b"part two"

    form = aiohttp.FormData()
    form.add_field("chat_id", str(USER_ID))
    form.add_field("document", "attach://upload1")
    form.add_field("upload1", chunks(), filename="notes.txt")

    status, body = await _post(f"{emu.api_url}/sendDocument", data=form)

    assert status == 200
    document = body["result"]["document"]  # type: ignore[index]
    assert document["file_name"] == "notes.txt"
    assert document["file_size"] == len(b"part one, part two")


async def test_bad_request_has_envelope_and_matching_status(emu: Emulator) -> None:
    status, body = await _post(f"{emu.api_url}/sendMessage", json={"chat_id": 5, "text": "x"})

    assert status == 400
    assert body == {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"}


async def test_query_string_parameters_are_read(emu: Emulator) -> None:
    url = f"{emu.api_url}/getUpdates?timeout=0&limit=5"
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        body = await response.json()

    assert body == {"ok": True, "result": []}
