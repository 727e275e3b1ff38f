import asyncio
from pathlib import Path

import pytest

from adapters.documents import FileSystemDocumentStore
from sleeplab_core.documents import DocumentStore, InMemoryDocumentStore
from sleeplab_core.testing.contracts.document_store import DocumentStoreContract


class TestDocumentStoreInMemory(DocumentStoreContract):
    @pytest.fixture
    def store(self) -> DocumentStore:
        return InMemoryDocumentStore()


class TestDocumentStoreOnFilesystem(DocumentStoreContract):
    @pytest.fixture
    def store(self, tmp_path: Path) -> DocumentStore:
        return FileSystemDocumentStore(tmp_path / "documents")


class TestFileSystemDocumentStoreOnDisk:
    """What only the filesystem store promises: real paths that outlive the process."""

    async def test_locate_gives_the_path_of_a_file_with_the_bytes(self, tmp_path: Path) -> None:
        store = FileSystemDocumentStore(tmp_path)
        await store.put("reports/r1.pdf", b"%PDF-1.7\n")

        path = Path(await store.locate("reports/r1.pdf"))

        assert path.is_absolute()
        assert path == tmp_path / "reports" / "r1.pdf"
        assert await asyncio.to_thread(path.read_bytes) == b"%PDF-1.7\n"

    async def test_documents_and_file_ids_outlive_the_store_object(self, tmp_path: Path) -> None:
        first = FileSystemDocumentStore(tmp_path)
        await first.put("reports/r1.pdf", b"%PDF-1.7\n")
        await first.remember_file_id("reports/r1.pdf", "sleeplab_bot", "file-id")

        second = FileSystemDocumentStore(tmp_path)

        assert await second.get("reports/r1.pdf") == b"%PDF-1.7\n"
        assert await second.file_id_for("reports/r1.pdf", "sleeplab_bot") == "file-id"

    async def test_writes_leave_no_temporary_files(self, tmp_path: Path) -> None:
        store = FileSystemDocumentStore(tmp_path)
        await store.put("reports/r1.pdf", b"%PDF-1.7\n")
        await store.remember_file_id("reports/r1.pdf", "sleeplab_bot", "file-id")
        await store.put("reports/r1.pdf", b"%PDF-1.7 changed\n")

        leftovers = await asyncio.to_thread(lambda: [p.name for p in tmp_path.rglob(".tmp-*")])

        assert leftovers == []
