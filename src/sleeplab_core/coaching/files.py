"""Media rules: which formats and sizes a goal or check-in accepts, and file-store keys.

Limits: photos JPEG, PNG or WebP up to 10 MB; voice notes OGG/Opus, MP3, M4A or WAV up to
20 MB (what a Telegram bot can download with getFile). The format is checked from the
file's first bytes, not from its name.
"""

from __future__ import annotations

import re
from pathlib import Path

from sleeplab_core.coaching.errors import MediaRejected
from sleeplab_core.coaching.model import MediaKind
from sleeplab_core.kernel.errors import ValidationFailed

MB = 1024 * 1024
MAX_BYTES = {MediaKind.PHOTO: 10 * MB, MediaKind.VOICE: 20 * MB}
_SIGNATURES: tuple[tuple[MediaKind, str, bytes, int], ...] = (
    (MediaKind.PHOTO, "image/jpeg", b"\xff\xd8\xff", 0),
    (MediaKind.PHOTO, "image/png", b"\x89PNG\r\n\x1a\n", 0),
    (MediaKind.PHOTO, "image/webp", b"WEBP", 8),
    (MediaKind.VOICE, "audio/ogg", b"OggS", 0),
    (MediaKind.VOICE, "audio/mpeg", b"ID3", 0),
    (MediaKind.VOICE, "audio/mp4", b"ftyp", 4),
    (MediaKind.VOICE, "audio/wav", b"WAVE", 8),
)
_SEGMENT = re.compile(r"[A-Za-z0-9_.-]+")


def sniff(kind: MediaKind, data: bytes) -> str:
    """The MIME type of ``data`` when it is an accepted ``kind`` within the size limit.

    Raises:
        MediaRejected: empty, too large, or not an accepted format (the message says which).
    """
    limit = MAX_BYTES[kind]
    if not data:
        raise MediaRejected("empty file", reason="empty", limit_mb=limit // MB)
    if len(data) > limit:
        raise MediaRejected("too large", reason="too_large", limit_mb=limit // MB)
    for candidate, mime, magic, offset in _SIGNATURES:
        if candidate is kind and data[offset : offset + len(magic)] == magic:
            return mime
    raise MediaRejected("unsupported format", reason=f"format_{kind.value}", limit_mb=limit // MB)


def media_key(user_id: int, media_id: str, mime_type: str) -> str:
    """Where a user's file lives in the store: ``coach/<user>/<id>.<ext>``."""
    extension = mime_type.rsplit("/", 1)[-1].replace("mpeg", "mp3")
    return f"coach/{user_id}/{media_id}.{extension}"


def check_key(key: str) -> str:
    """``key`` when it is a safe relative key. Raises ValidationFailed otherwise."""
    parts = key.split("/")
    if not key or any(not _SEGMENT.fullmatch(p) or p in {".", ".."} for p in parts):
        raise ValidationFailed(f"bad file key {key!r}", field="key")
    return key


def key_path(root: Path, key: str) -> Path:
    """The path of ``key`` under ``root`` (a checked key never leaves it)."""
    return root.joinpath(*check_key(key).split("/"))
