"""An S3-compatible :class:`~sleeplab_core.coaching.ports.FileStore` (AWS, MinIO, moto…)."""

from adapters.s3.store import S3FileStore, build_service

__all__ = ["S3FileStore", "build_service"]
