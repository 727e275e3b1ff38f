"""Pushes queued updates to the bot's webhook, one at a time, retrying until it answers 2xx."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import attrs

from .feed import UpdateFeed
from .params import Params, UploadedFile

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

ReplyExecutor = Callable[[str, Params], Awaitable[object]]


@attrs.define
class WebhookConfig:
    url: str
    secret_token: str | None = None
    max_connections: int = 40
    ip_address: str | None = None
    allowed_updates: list[str] | None = None
    last_error_date: int | None = None
    last_error_message: str | None = None


class WebhookDeliverer:
    """Delivers the feed's updates to ``config.url`` until stopped.

    Telegram retries a failed delivery with growing pauses; here the pauses start at
    ``retry_delay`` seconds (short, for tests) and double up to ``max_retry_delay``.
    """

    def __init__(
        self,
        feed: UpdateFeed,
        config: WebhookConfig,
        retry_delay: float = 0.05,
        max_retry_delay: float = 2.0,
        on_reply: ReplyExecutor | None = None,
    ) -> None:
        self.config = config
        self._on_reply = on_reply
        self._feed = feed
        self._retry_delay = retry_delay
        self._max_retry_delay = max_retry_delay
        self._task: asyncio.Task[None] | None = None
        self.deliveries = 0

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="telegram-emulator-webhook")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        timeout = aiohttp.ClientTimeout(total=60)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            delay = self._retry_delay
            while True:
                await self._feed.wait_for_pending()
                pending = self._feed.pending
                if await self._deliver(session, pending[0]):
                    await self._feed.remove(pending[0]["update_id"])
                    delay = self._retry_delay
                else:
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, self._max_retry_delay)

    async def _deliver(self, session: aiohttp.ClientSession, update: dict[str, Any]) -> bool:
        headers = {}
        if self.config.secret_token:
            headers[SECRET_HEADER] = self.config.secret_token
        self.deliveries += 1
        try:
            async with session.post(self.config.url, json=update, headers=headers) as response:
                if 200 <= response.status < 300:
                    await self._run_reply(response)
                    return True
                self._record_error(
                    f"Wrong response from the webhook: {response.status} {response.reason}"
                )
        except (aiohttp.ClientError, TimeoutError) as error:
            self._record_error(f"Connection failed: {type(error).__name__}")
        return False

    async def _run_reply(self, response: aiohttp.ClientResponse) -> None:
        # Telegram runs a method call given in the webhook answer (aiogram's feature) and
        # ignores an answer it cannot read.
        try:
            reply = await read_reply(response)
        except (ValueError, aiohttp.ClientError):
            return
        if reply is not None and self._on_reply is not None:
            await self._on_reply(*reply)

    def _record_error(self, message: str) -> None:
        self.config.last_error_date = int(time.time())
        self.config.last_error_message = message


async def read_reply(response: aiohttp.ClientResponse) -> tuple[str, Params] | None:
    """The method call in a webhook answer (JSON or multipart with a "method" field)."""
    values: dict[str, Any] = {}
    files: dict[str, UploadedFile] = {}
    if response.content_type == "application/json":
        body = await response.json()
        values = body if isinstance(body, dict) else {}
    elif response.content_type.startswith("multipart/"):
        reader = aiohttp.MultipartReader.from_response(response)
        async for part in reader:
            if not isinstance(part, aiohttp.BodyPartReader) or part.name is None:
                continue
            data = await part.read(decode=True)
            if part.filename:
                upload = UploadedFile(part.filename, part.headers.get("Content-Type", ""), data)
                files[part.name] = upload
                values[part.name] = upload
            else:
                values[part.name] = data.decode()
    method = values.pop("method", None)
    return (str(method), Params(values, files)) if method else None
