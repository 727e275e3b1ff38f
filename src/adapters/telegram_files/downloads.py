"""``getFile`` then ``/file/bot<token>/<file_path>``: the bytes of a photo or voice note.

A bot may download files up to 20 MB; larger ones, unknown ids and network failures give
None (the flow tells the user to send the file again). The token never reaches a log line.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from sleeplab_core.platform import ServiceEnvironment

log = logging.getLogger(__name__)

MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
TIMEOUT_SECONDS = 30.0


class TelegramDownloads:
    """Fetches files by ``file_id`` from the Bot API at ``api_url``."""

    def __init__(self, api_url: str, token: str) -> None:
        self._api = api_url.rstrip("/")
        self._token = token

    async def fetch(self, file_id: str) -> bytes | None:
        try:
            async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS) as client:
                path = await self._file_path(client, file_id)
                if path is None:
                    return None
                answer = await client.get(f"{self._api}/file/bot{self._token}/{path}")
        except httpx.HTTPError as error:
            log.warning("file download failed: %s", type(error).__name__)
            return None
        if answer.status_code != httpx.codes.OK:
            log.warning("file download answered %s", answer.status_code)
            return None
        return answer.content

    async def _file_path(self, client: httpx.AsyncClient, file_id: str) -> str | None:
        answer = await client.post(
            f"{self._api}/bot{self._token}/getFile", json={"file_id": file_id}
        )
        body = answer.json()
        if not body.get("ok"):
            log.warning("getFile refused: %s", body.get("error_code"))
            return None
        result = body["result"]
        if int(result.get("file_size") or 0) > MAX_DOWNLOAD_BYTES or not result.get("file_path"):
            return None
        return str(result["file_path"])


def build_service(env: ServiceEnvironment) -> TelegramDownloads | None:
    """Downloads through the configured Bot API, when a token is set."""
    token = env.settings.get("telegram_token")
    if not token:
        return None
    return TelegramDownloads(
        env.settings.get("telegram_api_url", "https://api.telegram.org"), token
    )
