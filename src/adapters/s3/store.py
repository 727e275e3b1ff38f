"""FileStore on S3 through boto3, each call run in a worker thread.

Configured by ``SLEEPLAB_COACH_S3_BUCKET`` (required), ``SLEEPLAB_COACH_S3_ENDPOINT``
(MinIO, moto…), ``SLEEPLAB_COACH_S3_REGION`` and the usual AWS credential variables; the
keys never appear in logs or errors.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

import boto3
from botocore.exceptions import ClientError

from sleeplab_core.coaching.files import check_key

if TYPE_CHECKING:
    from sleeplab_core.platform import ServiceEnvironment

_MISSING = {"404", "NoSuchKey", "NotFound"}


class S3FileStore:
    """Keys map one to one to object keys under an optional ``prefix``."""

    def __init__(self, client: Any, bucket: str, prefix: str = "") -> None:
        self._client = client
        self._bucket = bucket
        self._prefix = prefix

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        await asyncio.to_thread(
            self._client.put_object,
            Bucket=self._bucket,
            Key=self._object(key),
            Body=data,
            ContentType=content_type,
        )

    async def get(self, key: str) -> bytes | None:
        try:
            answer = await asyncio.to_thread(
                self._client.get_object, Bucket=self._bucket, Key=self._object(key)
            )
        except ClientError as error:
            if _code(error) in _MISSING:
                return None
            raise
        body: bytes = await asyncio.to_thread(answer["Body"].read)
        return body

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(
            self._client.delete_object, Bucket=self._bucket, Key=self._object(key)
        )

    async def exists(self, key: str) -> bool:
        try:
            await asyncio.to_thread(
                self._client.head_object, Bucket=self._bucket, Key=self._object(key)
            )
        except ClientError as error:
            if _code(error) in _MISSING:
                return False
            raise
        return True

    def _object(self, key: str) -> str:
        return f"{self._prefix}{check_key(key)}"


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def build_service(env: ServiceEnvironment) -> S3FileStore | None:
    """An S3 store when ``coach_s3_bucket`` is set, else None (the local store is used)."""
    bucket = env.settings.get("coach_s3_bucket")
    if not bucket:
        return None
    client = boto3.client(
        "s3",
        endpoint_url=env.settings.get("coach_s3_endpoint") or None,
        region_name=env.settings.get("coach_s3_region") or None,
    )
    return S3FileStore(client, bucket, env.settings.get("coach_s3_prefix", ""))
