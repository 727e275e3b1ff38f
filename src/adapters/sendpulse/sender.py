"""``SendPulseSender``: the salon's TextSender on SendPulse's API."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx

from sleeplab_core.jobs.errors import PermanentFailure, RetryLater
from sleeplab_core.kernel.clock import Clock, SystemClock
from sleeplab_core.platform import ServiceEnvironment

DEFAULT_URL = "https://api.sendpulse.com"
TIMEOUT_SECONDS = 10.0
EARLY_RENEWAL = timedelta(seconds=60)


class SendPulseSender:
    def __init__(
        self,
        client_id: str,
        client_secret: str,
        *,
        base_url: str = DEFAULT_URL,
        client: httpx.AsyncClient | None = None,
        clock: Clock | None = None,
    ) -> None:
        self._credentials = {"grant_type": "client_credentials", "client_id": client_id,
                             "client_secret": client_secret}  # fmt: skip
        self._base = base_url.rstrip("/")
        self._client = client or httpx.AsyncClient(timeout=TIMEOUT_SECONDS)
        self._clock = clock or SystemClock()
        self._token: str | None = None
        self._expires: datetime | None = None

    def __repr__(self) -> str:
        return "SendPulseSender(<credentials>)"  # never the secret

    async def send_text(self, contact_id: str, text: str) -> None:
        body = {"contact_id": contact_id, "text": text}
        response = await self._post("/telegram/contacts/sendText", body, await self._bearer())
        if response.status_code == 401:  # the token was revoked early: renew once
            self._token = None
            response = await self._post("/telegram/contacts/sendText", body, await self._bearer())
        _check(response)

    async def _bearer(self) -> str:
        now = self._clock.now()
        if self._token is None or self._expires is None or now >= self._expires:
            response = await self._post("/oauth/access_token", self._credentials, None)
            _check(response)
            found: dict[str, Any] = response.json()
            self._token = str(found["access_token"])
            lifetime = timedelta(seconds=int(found.get("expires_in", 3600)))
            self._expires = now + lifetime - EARLY_RENEWAL
        return self._token

    async def _post(self, path: str, body: dict[str, Any], token: str | None) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        try:
            return await self._client.post(self._base + path, json=body, headers=headers)
        except httpx.HTTPError as error:
            raise RetryLater(f"SendPulse unreachable ({type(error).__name__})") from None


def _check(response: httpx.Response) -> None:
    if response.status_code == 429 or response.status_code >= 500:
        after = response.headers.get("Retry-After", "")
        raise RetryLater(f"SendPulse answered {response.status_code}",
                         retry_after=float(after) if after.isdigit() else None)  # fmt: skip
    if response.status_code >= 400:
        raise PermanentFailure(f"SendPulse refused the request ({response.status_code})")


def build_service(env: ServiceEnvironment) -> SendPulseSender | None:
    """The ``sendpulse`` service, or None when no SendPulse account is configured."""
    client_id = env.settings.get("sendpulse_client_id", "")
    secret = env.settings.get("sendpulse_client_secret", "")
    if not client_id or not secret:
        return None
    url = env.settings.get("sendpulse_url", DEFAULT_URL)
    return SendPulseSender(client_id, secret, base_url=url, clock=env.clock)
