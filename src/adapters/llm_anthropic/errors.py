"""The SDK's exceptions translated into the port's typed errors."""

from __future__ import annotations

import anthropic

from sleeplab_core.llm import (
    AuthenticationFailed,
    InvalidRequest,
    LlmError,
    ProviderTimeout,
    ProviderUnavailable,
    RateLimited,
)
from sleeplab_core.llm.errors import retry_after_seconds

PROVIDER = "anthropic"
_CLIENT_FAULTS = (400, 404, 409, 413, 422)


def translate(error: Exception) -> LlmError:
    """The port's error for an SDK (or decoding) failure; the message never holds the key."""
    if isinstance(error, anthropic.APITimeoutError):
        return ProviderTimeout(PROVIDER, "request timed out")
    if isinstance(error, anthropic.APIConnectionError):
        return ProviderUnavailable(PROVIDER, "connection failed")
    if isinstance(error, anthropic.APIStatusError):
        return _from_status(error)
    return ProviderUnavailable(PROVIDER, f"malformed reply ({type(error).__name__})")


def _from_status(error: anthropic.APIStatusError) -> LlmError:
    status = error.status_code
    detail = f"HTTP {status}"
    if status == 429:
        return RateLimited(PROVIDER, detail, retry_after_seconds(error.response.headers))
    if status in (401, 403):
        return AuthenticationFailed(PROVIDER, f"{detail}: key refused")
    if status in _CLIENT_FAULTS:
        return InvalidRequest(PROVIDER, f"{detail}: {_api_message(error)}")
    return ProviderUnavailable(PROVIDER, detail)  # 500, 529 overloaded, ...


def _api_message(error: anthropic.APIStatusError) -> str:
    body = error.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and isinstance(inner.get("message"), str):
            return str(inner["message"])[:300]
    return "rejected"
