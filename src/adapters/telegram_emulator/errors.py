"""The Bot API's error answers, raised inside method handlers and turned into envelopes."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An error answer of the Bot API: ``{"ok": false, "error_code": N, ...}``.

    Args:
        code: the HTTP status and ``error_code`` (400, 401, 403, 404, 409, 429, 500 ...).
        description: the exact ``description`` Telegram would send.
        retry_after: seconds to wait, sent as ``parameters.retry_after`` (429 only).
    """

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(f"{code} {description}")
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def envelope(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: {detail}")


def blocked_by_user() -> ApiError:
    return ApiError(403, "Forbidden: bot was blocked by the user")


def too_many_requests(retry_after: int) -> ApiError:
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)


NOT_FOUND = ApiError(404, "Not Found")
UNAUTHORIZED = ApiError(401, "Unauthorized")
CHAT_NOT_FOUND = "chat not found"
