"""Response bodies in the exact shape the API returns, for tests and local emulators.

Shapes recorded from the chat completions API (fields the SDK reads plus the usual extras).
"""

from __future__ import annotations

from typing import Any


def completion_body(
    text: str,
    *,
    prompt_tokens: int = 19,
    completion_tokens: int = 10,
    model: str = "gpt-5-mini-2025-08-07",
) -> dict[str, Any]:
    """A successful ``chat.completion`` object answering ``text``."""
    return {
        "id": "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
        "object": "chat.completion",
        "created": 1741570283,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": text,
                    "refusal": None,
                    "annotations": [],
                },
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
            "completion_tokens_details": {
                "reasoning_tokens": 0,
                "audio_tokens": 0,
                "accepted_prediction_tokens": 0,
                "rejected_prediction_tokens": 0,
            },
        },
        "service_tier": "default",
        "system_fingerprint": "fp_06737a9306",
    }


_ERRORS: dict[int, tuple[str, str | None, str]] = {
    400: (
        "invalid_request_error",
        "context_length_exceeded",
        "This model's maximum context length is 128000 tokens.",
    ),
    401: ("invalid_request_error", "invalid_api_key", "Incorrect API key provided."),
    429: (
        "requests",
        "rate_limit_exceeded",
        "Rate limit reached for requests. Please try again later.",
    ),
    500: ("server_error", None, "The server had an error while processing your request."),
    503: ("server_error", None, "The engine is currently overloaded, please try again later."),
}


def error_body(status: int) -> dict[str, Any]:
    """The error object the API sends with ``status``."""
    kind, code, message = _ERRORS.get(status, ("server_error", None, "Unexpected error."))
    return {"error": {"message": message, "type": kind, "param": None, "code": code}}
