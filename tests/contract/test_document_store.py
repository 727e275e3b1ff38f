from pathlib import Path

import pytest
from document_store_contract import DocumentStoreContract

from adapters.documents import FilesystemDocumentStore
from sleeplab_core.documents import DocumentStore, InMemoryDocumentStore


class TestDocumentStoreInMemory(DocumentStoreContract):
    @pytest.fixture
    def store(self) -> DocumentStore:
        return InMemoryDocumentStore()


class TestDocumentStoreOnFilesystem(DocumentStoreContract):
    @pytest.fixture
    def store(self, tmp_path: Path) -> DocumentStore:
        return FilesystemDocumentStore(tmp_path / "documents")
