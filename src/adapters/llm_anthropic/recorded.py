"""Response bodies in the exact shape the Messages API returns, for tests and emulators."""

from __future__ import annotations

from typing import Any


def message_body(
    text: str,
    *,
    input_tokens: int = 21,
    output_tokens: int = 12,
    model: str = "claude-haiku-4-5-20251001",
) -> dict[str, Any]:
    """A successful ``message`` object answering ``text``, usage included."""
    return {
        "id": "msg_01XFDUDYJgAACzvnptvVoYEL",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [{"type": "text", "text": text}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {
            "input_tokens": input_tokens,
            "output_tokens": output_tokens,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 0,
            "service_tier": "standard",
        },
    }


_ERRORS: dict[int, tuple[str, str]] = {
    400: ("invalid_request_error", "prompt is too long: 210000 tokens > 200000 maximum"),
    401: ("authentication_error", "invalid x-api-key"),
    403: (
        "permission_error",
        "Your API key does not have permission to use the specified resource.",
    ),
    429: ("rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit."),
    500: ("api_error", "Internal server error"),
    529: ("overloaded_error", "Overloaded"),
}


def error_body(status: int) -> dict[str, Any]:
    """The error object the API sends with ``status``."""
    kind, message = _ERRORS.get(status, ("api_error", "Unexpected error"))
    return {"type": "error", "error": {"type": kind, "message": message}}
