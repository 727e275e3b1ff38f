"""Voice notes: transcribe if a service can; the user confirms or corrects before saving."""

from __future__ import annotations

import logging

from sleeplab_core.coaching.errors import TranscriptionFailed
from sleeplab_core.coaching.files import sniff
from sleeplab_core.coaching.model import MediaKind
from sleeplab_core.coaching.ports import SpeechToText

log = logging.getLogger(__name__)


async def draft_transcript(speech: SpeechToText, audio: bytes, locale: str) -> str | None:
    """The transcript to show for confirmation, or None: ask the user for a one-line summary
    (offline, or the service is down — the note itself is still kept).

    Raises:
        MediaRejected: not a voice note we accept.
    """
    mime = sniff(MediaKind.VOICE, audio)
    try:
        text = await speech.transcribe(audio, mime, locale)
    except TranscriptionFailed:
        log.warning("speech-to-text failed; asking the user for a summary")
        return None
    return text.strip() if text and text.strip() else None
