"""Files by file_id: uploads get fresh ids, and any known id can be sent again."""

from __future__ import annotations

import mimetypes
import secrets
import struct

from .errors import bad_request
from .model import StoredFile

# Real file_ids start with a prefix that encodes the file type; these mimic them.
_KINDS = {
    "document": ("BQACAgIAAxkBAAI", "documents", ".bin"),
    "photo": ("AgACAgIAAxkBAAI", "photos", ".jpg"),
    "voice": ("AwACAgIAAxkBAAI", "voice", ".oga"),
    "sticker": ("CAACAgIAAxkBAAI", "stickers", ".webp"),
}

WRONG_FILE_ID = "wrong file identifier/HTTP URL specified"


class FileStore:
    def __init__(self) -> None:
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}
        self._count = 0

    def add(
        self,
        kind: str,
        content: bytes,
        file_name: str | None = None,
        mime_type: str | None = None,
    ) -> StoredFile:
        prefix, folder, default_ext = _KINDS[kind]
        self._count += 1
        ext = _extension(file_name, mime_type) or default_ext
        stored = StoredFile(
            file_id=prefix + secrets.token_urlsafe(24),
            file_unique_id="AgAD" + secrets.token_urlsafe(9),
            file_path=f"{folder}/file_{self._count}{ext}",
            content=content,
            file_name=file_name,
            mime_type=mime_type,
        )
        self._by_id[stored.file_id] = stored
        self._by_path[stored.file_path] = stored
        return stored

    def get(self, file_id: str) -> StoredFile:
        """The stored file.

        Raises:
            ApiError: 400 "wrong file identifier" for an id this emulator never issued.
        """
        stored = self._by_id.get(file_id)
        if stored is None:
            raise bad_request(WRONG_FILE_ID)
        return stored

    def kind_of(self, stored: StoredFile) -> str:
        return next(k for k, (prefix, _, _) in _KINDS.items() if stored.file_id.startswith(prefix))

    def by_path(self, file_path: str) -> StoredFile | None:
        return self._by_path.get(file_path)


def image_size(content: bytes) -> tuple[int, int]:
    """Width and height of a PNG or JPEG; a placeholder size for anything else."""
    if content.startswith(b"\x89PNG\r\n\x1a\n") and len(content) >= 24:
        width, height = struct.unpack(">II", content[16:24])
        return int(width), int(height)
    if content.startswith(b"\xff\xd8"):
        return _jpeg_size(content) or (320, 320)
    return (320, 320)


def _jpeg_size(content: bytes) -> tuple[int, int] | None:
    index = 2
    while index + 9 < len(content):
        if content[index] != 0xFF:
            return None
        marker = content[index + 1]
        length = struct.unpack(">H", content[index + 2 : index + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            height, width = struct.unpack(">HH", content[index + 5 : index + 9])
            return int(width), int(height)
        index += 2 + length
    return None


def _extension(file_name: str | None, mime_type: str | None) -> str | None:
    if file_name and "." in file_name:
        return "." + file_name.rsplit(".", 1)[1].lower()
    if mime_type:
        return mimetypes.guess_extension(mime_type)
    return None
