"""In-memory fakes of the documents ports, for tests and for the terminal without a disk."""

from __future__ import annotations

from sleeplab_core.documents.errors import DocumentNotFound
from sleeplab_core.documents.keys import check_bot_name, check_document_key
from sleeplab_core.documents.report import Report


class InMemoryDocumentStore:
    """A :class:`~sleeplab_core.documents.ports.DocumentStore` held in dictionaries."""

    def __init__(self) -> None:
        self._files: dict[str, bytes] = {}
        self._file_ids: dict[tuple[str, str], str] = {}

    async def put(self, key: str, content: bytes) -> None:
        check_document_key(key)
        if self._files.get(key) != content:
            self._forget_file_ids(key)
        self._files[key] = bytes(content)

    async def get(self, key: str) -> bytes:
        return self._stored(key)

    async def exists(self, key: str) -> bool:
        return check_document_key(key) in self._files

    async def locate(self, key: str) -> str:
        self._stored(key)
        return f"memory://{key}"

    async def remember_file_id(self, key: str, bot: str, file_id: str) -> None:
        check_bot_name(bot)
        self._stored(key)
        self._file_ids[(key, bot)] = file_id

    async def file_id_for(self, key: str, bot: str) -> str | None:
        check_document_key(key)
        check_bot_name(bot)
        return self._file_ids.get((key, bot))

    async def delete(self, key: str) -> None:
        self._files.pop(check_document_key(key), None)
        self._forget_file_ids(key)

    async def keys(self, folder: str) -> list[str]:
        prefix = check_document_key(folder) + "/"
        return sorted(key for key in self._files if key.startswith(prefix))

    def _stored(self, key: str) -> bytes:
        try:
            return self._files[check_document_key(key)]
        except KeyError:
            raise DocumentNotFound(key) from None

    def _forget_file_ids(self, key: str) -> None:
        for slot in [slot for slot in self._file_ids if slot[0] == key]:
            del self._file_ids[slot]


class FakeReportRenderer:
    """A :class:`~sleeplab_core.documents.ports.ReportRenderer` that records what it renders.

    It returns a tiny stand-in, not a real PDF: enough for use cases that store and deliver
    the bytes. ``rendered`` lists every report in call order.
    """

    def __init__(self) -> None:
        self.rendered: list[Report] = []

    def render(self, report: Report) -> bytes:
        self.rendered.append(report)
        return f"%PDF-fake {report.locale} {report.subject.report_id}\n".encode()
