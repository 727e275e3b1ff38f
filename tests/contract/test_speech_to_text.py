"""The OpenAI transcriber over real HTTP against a local stand-in of the transcription API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from adapters.stt_openai import OpenAISpeechToText, build_service
from sleeplab_core.coaching.errors import TranscriptionFailed
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.platform import ServiceEnvironment

OGG = b"OggS" + bytes(60)


class StandIn:
    """``POST /v1/audio/transcriptions``: records the form, answers as told."""

    def __init__(self) -> None:
        self.forms: list[dict[str, object]] = []
        self.status = 200

    async def handle(self, request: web.Request) -> web.Response:
        form = await request.post()
        self.forms.append(
            {
                "model": form["model"],
                "language": form.get("language"),
                "file": form["file"].file.read(),  # type: ignore[union-attr]
                "auth": request.headers.get("Authorization"),
            }
        )
        if self.status != 200:
            return web.json_response({"error": {"message": "down"}}, status=self.status)
        return web.json_response({"text": "  Walked to work today  "})


@pytest.fixture
async def stand_in() -> AsyncIterator[tuple[StandIn, str]]:
    server = StandIn()
    app = web.Application()
    app.router.add_post("/v1/audio/transcriptions", server.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield server, f"http://127.0.0.1:{port}/v1"
    await runner.cleanup()


async def test_a_voice_note_is_transcribed(stand_in: tuple[StandIn, str]) -> None:
    server, url = stand_in
    speech = OpenAISpeechToText("sk-test", base_url=url)

    text = await speech.transcribe(OGG, "audio/ogg", "ru")

    assert text == "Walked to work today"
    assert server.forms[0]["file"] == OGG
    assert server.forms[0]["language"] == "ru"
    assert server.forms[0]["auth"] == "Bearer sk-test"


async def test_a_failing_service_raises_transcription_failed(
    stand_in: tuple[StandIn, str],
) -> None:
    server, url = stand_in
    server.status = 500

    with pytest.raises(TranscriptionFailed) as failed:
        await OpenAISpeechToText("sk-test", base_url=url).transcribe(OGG, "audio/ogg", "en")

    assert "sk-test" not in str(failed.value)


def test_voice_notes_leave_the_process_only_when_asked(tmp_path: Path) -> None:
    def env(**settings: str) -> ServiceEnvironment:
        return ServiceEnvironment(settings=settings, data_dir=tmp_path, clock=FakeClock())

    assert build_service(env(openai_api_key="sk")) is None
    assert build_service(env(coach_stt="openai")) is None
    assert build_service(env(coach_stt="openai", openai_api_key="sk")) is not None
