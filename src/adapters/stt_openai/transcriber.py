"""``SpeechToText`` over ``POST /v1/audio/transcriptions`` (the openai SDK).

Opt-in: voice notes leave the process only when ``SLEEPLAB_COACH_STT=openai`` is set (with an
OpenAI key). Any API failure becomes :class:`TranscriptionFailed`; the flow then keeps the
note and asks the user for a one-line summary. The key never appears in errors or logs.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import openai

from sleeplab_core.coaching.errors import TranscriptionFailed

if TYPE_CHECKING:
    from sleeplab_core.platform import ServiceEnvironment

log = logging.getLogger(__name__)

DEFAULT_MODEL = "gpt-4o-mini-transcribe"
_EXTENSIONS = {"audio/ogg": "ogg", "audio/mpeg": "mp3", "audio/mp4": "m4a", "audio/wav": "wav"}


class OpenAISpeechToText:
    """Transcribes with ``model``; ``locale`` is passed as the language hint."""

    def __init__(
        self,
        api_key: str,
        *,
        model: str = DEFAULT_MODEL,
        base_url: str | None = None,
        timeout_seconds: float = 60.0,
    ) -> None:
        self._client = openai.AsyncOpenAI(
            api_key=api_key, base_url=base_url, timeout=timeout_seconds, max_retries=0
        )
        self._model = model

    async def transcribe(self, audio: bytes, mime_type: str, locale: str) -> str | None:
        name = f"note.{_EXTENSIONS.get(mime_type, 'ogg')}"
        try:
            result = await self._client.audio.transcriptions.create(
                model=self._model, file=(name, audio, mime_type), language=locale[:2]
            )
        except openai.OpenAIError as error:
            log.warning("speech-to-text failed: %s", type(error).__name__)
            raise TranscriptionFailed(type(error).__name__) from None
        text = getattr(result, "text", "") or ""
        return text.strip() or None


def build_service(env: ServiceEnvironment) -> OpenAISpeechToText | None:
    """The OpenAI transcriber when ``coach_stt`` is ``openai`` and a key is set."""
    key = env.settings.get("openai_api_key")
    if env.settings.get("coach_stt") != "openai" or not key:
        return None
    return OpenAISpeechToText(
        key,
        model=env.settings.get("coach_stt_model", DEFAULT_MODEL),
        base_url=env.settings.get("openai_base_url") or None,
    )
