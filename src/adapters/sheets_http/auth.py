"""Google service-account tokens for the Sheets API (the OAuth 2.0 JWT bearer grant).

``ServiceAccountTokens`` signs a JWT assertion with the service account's private key (RS256,
PyJWT with ``cryptography``), posts it to the key's ``token_uri`` and keeps the access token
until a minute before it expires. The key file is the JSON Google Cloud hands out
(``client_email``, ``private_key``, ``private_key_id``, ``token_uri``).
"""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

import httpx
import jwt

from sleeplab_core.booking.errors import SyncUnavailable
from sleeplab_core.kernel.clock import Clock, SystemClock

SHEETS_SCOPE = "https://www.googleapis.com/auth/spreadsheets"
GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token"
JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
ASSERTION_LIFETIME = timedelta(minutes=60)  # Google's maximum
EARLY_RENEWAL = timedelta(seconds=60)
TIMEOUT_SECONDS = 10.0


class TokenSource(Protocol):
    """Gives a bearer token for the Sheets API (renewing it when it lapses)."""

    async def token(self) -> str: ...

    def forget(self) -> None:
        """Drop a cached token the API refused (a revoked one): the next call mints anew."""
        ...


class StaticToken:
    """A token given as a setting (an access token minted elsewhere)."""

    def __init__(self, token: str) -> None:
        self._token = token

    def __repr__(self) -> str:
        return "StaticToken(<token>)"

    async def token(self) -> str:
        return self._token

    def forget(self) -> None:
        return None


class ServiceAccountKeyInvalid(ValueError):
    """The service-account key is not usable (the message names what is missing)."""


class ServiceAccountTokens:
    """Access tokens minted from a service-account key, cached until shortly before expiry."""

    def __init__(
        self,
        key: dict[str, Any],
        *,
        scope: str = SHEETS_SCOPE,
        client: httpx.AsyncClient | None = None,
        clock: Clock | None = None,
    ) -> None:
        missing = [f for f in ("client_email", "private_key") if not key.get(f)]
        if missing:
            raise ServiceAccountKeyInvalid(f"the service-account key has no {missing[0]}")
        self._email = str(key["client_email"])
        self._private_key = str(key["private_key"])
        self._key_id = str(key.get("private_key_id", ""))
        self._token_uri = str(key.get("token_uri") or GOOGLE_TOKEN_URI)
        self._scope = scope
        self._client = client or httpx.AsyncClient(timeout=TIMEOUT_SECONDS)
        self._clock = clock or SystemClock()
        self._token: str | None = None
        self._expires: datetime | None = None
        self._lock = asyncio.Lock()
        self.minted = 0  # how many tokens were asked for (for tests and figures)

    @classmethod
    def from_file(cls, path: Path, **kwargs: Any) -> ServiceAccountTokens:
        """Raises: ServiceAccountKeyInvalid: unreadable, not JSON, or lacking a field."""
        try:
            key = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ServiceAccountKeyInvalid(f"{path.name}: {type(error).__name__}") from None
        if not isinstance(key, dict):
            raise ServiceAccountKeyInvalid(f"{path.name}: not a JSON object")
        return cls(key, **kwargs)

    def __repr__(self) -> str:
        return "ServiceAccountTokens(<key>)"  # never the key or the token

    async def token(self) -> str:
        async with self._lock:  # concurrent callers share one minting
            now = self._clock.now()
            if self._token is None or self._expires is None or now >= self._expires:
                self._token, lifetime = await self._mint(now)
                self._expires = now + lifetime - EARLY_RENEWAL
            return self._token

    def forget(self) -> None:
        self._token = None

    async def _mint(self, now: datetime) -> tuple[str, timedelta]:
        issued = int(now.timestamp())
        lifetime = int(ASSERTION_LIFETIME.total_seconds())
        claims = {"iss": self._email, "scope": self._scope, "aud": self._token_uri,
                  "iat": issued, "exp": issued + lifetime}  # fmt: skip
        headers = {"kid": self._key_id} if self._key_id else None
        try:
            assertion = jwt.encode(claims, self._private_key, algorithm="RS256", headers=headers)
        except (ValueError, TypeError, jwt.PyJWTError):
            raise ServiceAccountKeyInvalid(
                "the service-account private key is not usable"
            ) from None
        form = {"grant_type": JWT_BEARER_GRANT, "assertion": assertion}
        try:
            response = await self._client.post(self._token_uri, data=form)
        except httpx.HTTPError as error:
            raise SyncUnavailable(
                f"the token endpoint is unreachable ({type(error).__name__})"
            ) from None
        if response.status_code == 429 or response.status_code >= 500:
            raise SyncUnavailable(f"the token endpoint answered {response.status_code}")
        if response.status_code >= 400:
            raise SyncUnavailable(f"the token endpoint refused the key ({response.status_code})")
        found = response.json()
        self.minted += 1
        return str(found["access_token"]), timedelta(seconds=int(found.get("expires_in", 3600)))
