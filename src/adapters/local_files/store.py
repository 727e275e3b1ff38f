"""A FileStore in a directory: one file per key, written atomically (temp file + rename)."""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from sleeplab_core.coaching.files import key_path

if TYPE_CHECKING:
    from sleeplab_core.platform import ServiceEnvironment


class LocalFileStore:
    """Keys are relative paths under ``root``; nothing outside it is ever touched."""

    def __init__(self, root: Path) -> None:
        self.root = root

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        await asyncio.to_thread(self._write, key_path(self.root, key), data)

    async def get(self, key: str) -> bytes | None:
        path = key_path(self.root, key)
        return await asyncio.to_thread(_read, path)

    async def delete(self, key: str) -> None:
        key_path(self.root, key).unlink(missing_ok=True)

    async def exists(self, key: str) -> bool:
        return key_path(self.root, key).is_file()

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".part-")
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        Path(temporary).replace(path)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def build_service(env: ServiceEnvironment) -> LocalFileStore | None:
    """The local store under ``<data_dir>/files`` unless S3 is configured."""
    if env.settings.get("coach_s3_bucket"):
        return None
    return LocalFileStore(env.data_dir / "files")
