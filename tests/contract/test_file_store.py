"""FileStore backends: the in-memory fake, local files, and S3 against a local moto server."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from adapters.local_files import LocalFileStore
from adapters.s3 import S3FileStore
from sleeplab_core.coaching.fakes import InMemoryFileStore
from sleeplab_core.testing.contracts.file_store import FileStoreContract


class TestInMemoryFileStore(FileStoreContract):
    @pytest.fixture
    def store(self) -> Any:
        return InMemoryFileStore()


class TestLocalFileStore(FileStoreContract):
    @pytest.fixture
    def store(self, tmp_path: Path) -> Any:
        return LocalFileStore(tmp_path / "files")


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """A moto S3 server on a free loopback port, for this module's tests."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


class TestS3FileStore(FileStoreContract):
    @pytest.fixture
    def store(self, s3_endpoint: str) -> Any:
        client = boto3.client(
            "s3",
            endpoint_url=s3_endpoint,
            region_name="us-east-1",
            aws_access_key_id="test",
            aws_secret_access_key="test",
        )
        bucket = f"coach-{uuid.uuid4().hex[:10]}"
        client.create_bucket(Bucket=bucket)
        return S3FileStore(client, bucket, prefix="media/")
