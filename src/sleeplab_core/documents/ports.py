"""The ports of the documents module: where files live and how a report becomes a PDF."""

from __future__ import annotations

from typing import Protocol

from sleeplab_core.documents.report import Report


class DocumentStore(Protocol):
    """Stores document bytes by key and remembers the Telegram file id of each upload.

    Contract:
    - Keys are checked with :func:`~sleeplab_core.documents.keys.check_document_key`; every
      method raises :class:`~sleeplab_core.documents.errors.InvalidDocumentKey` for a bad key
      (and for a bad bot name) before touching storage. A key is never also the folder of
      other keys (``reports`` beside ``reports/r1.pdf``): stores backed by folders cannot
      hold both, so callers keep documents at the leaves.
    - ``put(key, content)`` stores the bytes, replacing what was there; once it returns,
      ``get`` gives the same bytes and ``exists`` is true. When the new bytes differ from the
      stored ones, every file id remembered for ``key`` is forgotten (Telegram holds the old
      file under it); putting identical bytes keeps them.
    - ``get(key)`` and ``locate(key)`` raise
      :class:`~sleeplab_core.documents.errors.DocumentNotFound` for a key never put.
    - ``locate(key)`` returns a location a person can open (a filesystem path for the
      filesystem store, a ``memory://`` address for the fake); the same key always gives the
      same location.
    - ``remember_file_id(key, bot, file_id)`` records the id Telegram gave the file when
      ``bot`` uploaded it; ``file_id_for(key, bot)`` returns the last id remembered for that
      pair, or ``None``. File ids are per bot: another bot never sees them. Remembering an id
      for a key that holds no document raises ``DocumentNotFound``.
    - ``delete(key)`` removes the document and its file ids (erasure); deleting a key never
      put does nothing. ``keys(folder)`` lists the keys stored under the folder ``folder``
      (a valid key used as a prefix, ``folder/…``), sorted.
    """

    async def put(self, key: str, content: bytes) -> None: ...

    async def get(self, key: str) -> bytes: ...

    async def exists(self, key: str) -> bool: ...

    async def locate(self, key: str) -> str: ...

    async def remember_file_id(self, key: str, bot: str, file_id: str) -> None: ...

    async def file_id_for(self, key: str, bot: str) -> str | None: ...

    async def delete(self, key: str) -> None: ...

    async def keys(self, folder: str) -> list[str]: ...


class ReportRenderer(Protocol):
    """Turns a personalised report into a PDF file.

    Contract: ``render(report)`` returns the bytes of a PDF document that shows every text of
    the report; the same report always gives the same bytes (the creation date comes from
    ``report.subject.issued_at``, never from the clock).
    """

    def render(self, report: Report) -> bytes: ...
