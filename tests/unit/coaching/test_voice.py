"""Voice notes: a draft to confirm when a transcriber works, a summary to ask for otherwise."""

from __future__ import annotations

import pytest

from sleeplab_core.coaching.errors import MediaRejected, TranscriptionFailed
from sleeplab_core.coaching.fakes import OfflineSpeechToText, ScriptedSpeechToText
from sleeplab_core.coaching.use_cases.voice import draft_transcript

OGG = b"OggS" + bytes(20)


async def test_a_transcript_comes_back_as_a_draft_to_confirm() -> None:
    assert await draft_transcript(ScriptedSpeechToText(" walked "), OGG, "en") == "walked"


async def test_offline_or_failing_speech_asks_for_a_summary_instead() -> None:
    failing = ScriptedSpeechToText(error=TranscriptionFailed("down"))

    assert await draft_transcript(OfflineSpeechToText(), OGG, "en") is None
    assert await draft_transcript(failing, OGG, "en") is None
    assert failing.calls == 1


async def test_something_that_is_not_a_voice_note_is_refused_before_transcription() -> None:
    speech = ScriptedSpeechToText("never")

    with pytest.raises(MediaRejected):
        await draft_transcript(speech, b"\x89PNG\r\n\x1a\n", "en")
    assert speech.calls == 0
