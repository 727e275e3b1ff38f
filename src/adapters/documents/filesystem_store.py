"""A :class:`~sleeplab_core.documents.DocumentStore` in a directory of the data dir.

Layout under ``root``: each document is the file ``root/<key>``; the Telegram file id that
``bot`` got for it is the small file ``root/.file_ids/<key>@/<bot>``. Keys never start a
segment with a dot and never hold ``@``, so none of these names collide. Every write goes to
a temporary file and is renamed into place, so a reader (another process too) sees the old
file or the new one, never half of one, and remembering one bot's file id never rewrites
another's.

The store lives on one machine's disk: several bot processes on one host can share it; on
many hosts give each its own (file ids are then cached per host, which only costs an upload).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from pathlib import Path

from sleeplab_core.documents import DocumentNotFound, check_bot_name, check_document_key

_FILE_IDS = ".file_ids"


class FileSystemDocumentStore:
    """Documents as files under ``root`` (created on first write)."""

    def __init__(self, root: Path | str) -> None:
        self._root = Path(root).absolute()

    @property
    def root(self) -> Path:
        return self._root

    async def put(self, key: str, content: bytes) -> None:
        path = self._path(key)
        await asyncio.to_thread(self._put, key, path, bytes(content))

    async def get(self, key: str) -> bytes:
        path = self._path(key)
        try:
            return await asyncio.to_thread(path.read_bytes)
        except FileNotFoundError:
            raise DocumentNotFound(key) from None

    async def exists(self, key: str) -> bool:
        return await asyncio.to_thread(self._path(key).is_file)

    async def locate(self, key: str) -> str:
        path = self._path(key)
        if not await asyncio.to_thread(path.is_file):
            raise DocumentNotFound(key)
        return str(path)

    async def remember_file_id(self, key: str, bot: str, file_id: str) -> None:
        path = self._file_id_path(key, bot)
        if not await self.exists(key):
            raise DocumentNotFound(key)
        await asyncio.to_thread(_write_atomically, path, file_id.encode())

    async def file_id_for(self, key: str, bot: str) -> str | None:
        path = self._file_id_path(key, bot)
        try:
            return (await asyncio.to_thread(path.read_bytes)).decode()
        except FileNotFoundError:
            return None

    async def delete(self, key: str) -> None:
        path = self._path(key)
        folder = self._file_ids_folder(key)
        await asyncio.to_thread(_delete, path, folder)

    async def keys(self, folder: str) -> list[str]:
        base = self._path(folder)
        return await asyncio.to_thread(self._keys_under, base)

    def _keys_under(self, base: Path) -> list[str]:
        if not base.is_dir():
            return []
        found = (p for p in base.rglob("*") if p.is_file() and not p.name.startswith("."))
        return sorted(p.relative_to(self._root).as_posix() for p in found)

    def _put(self, key: str, path: Path, content: bytes) -> None:
        if not _holds(path, content):
            # New bytes: Telegram's copies under the old file ids are stale now.
            shutil.rmtree(self._file_ids_folder(key), ignore_errors=True)
        _write_atomically(path, content)

    def _path(self, key: str) -> Path:
        return self._root / check_document_key(key)

    def _file_ids_folder(self, key: str) -> Path:
        return self._root / _FILE_IDS / f"{check_document_key(key)}@"

    def _file_id_path(self, key: str, bot: str) -> Path:
        return self._file_ids_folder(key) / check_bot_name(bot)


def _delete(path: Path, file_ids: Path) -> None:
    path.unlink(missing_ok=True)
    shutil.rmtree(file_ids, ignore_errors=True)


def _holds(path: Path, content: bytes) -> bool:
    try:
        return path.stat().st_size == len(content) and path.read_bytes() == content
    except FileNotFoundError:
        return False


def _write_atomically(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
