"""Delete coaching files whose rows were erased elsewhere (the shared erasure, by a job)."""

from __future__ import annotations

from collections.abc import Iterable

from sleeplab_core.coaching.ports import FileStore

DELETE_FILES_JOB_KIND = "coaching.delete_files"
"""A job carrying the keys of erased coaching files (``payload["keys"]``), no user id."""


async def delete_files(files: FileStore, keys: Iterable[str]) -> int:
    """Delete ``keys`` from ``files`` (an absent key is no error); returns how many."""
    count = 0
    for key in keys:
        await files.delete(str(key))
        count += 1
    return count
