"""Fault injection: scheduled error answers, slow answers and a send-rate limit."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

import attrs

from .errors import ApiError, blocked_by_user, too_many_requests

_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


@attrs.define
class FaultRule:
    """Answers matching calls with ``error`` (after ``delay`` s) for ``times`` calls.

    ``method`` and ``chat_id`` narrow the calls it matches (None matches any); ``times=None``
    keeps the rule forever. ``error=None`` with a ``delay`` makes calls slow but successful.
    """

    method: str | None = None
    chat_id: int | None = None
    error: int | None = None
    retry_after: int | None = None
    description: str | None = None
    delay: float = 0.0
    times: int | None = 1
    hits: int = 0

    @property
    def exhausted(self) -> bool:
        return self.times is not None and self.hits >= self.times

    def matches(self, method: str, chat_id: int | None) -> bool:
        if self.method is None and method.lower() == "getupdates":
            return False  # a polling bot would otherwise soak up "any method" faults
        if self.method is not None and self.method.lower() != method.lower():
            return False
        return self.chat_id is None or self.chat_id == chat_id

    def to_error(self) -> ApiError | None:
        if self.error is None:
            return None
        if self.error == 429:
            retry_after = self.retry_after if self.retry_after is not None else 1
            error = too_many_requests(retry_after)
            if self.description:
                error.description = self.description
            return error
        if self.error == 403 and not self.description:
            return blocked_by_user()
        description = self.description or _DESCRIPTIONS.get(self.error, "Error")
        return ApiError(self.error, description, self.retry_after)


@attrs.define
class RateLimit:
    """At most ``per_second`` sent messages overall (and ``per_chat`` per chat) per second."""

    per_second: int | None
    per_chat: int | None
    retry_after: int


def is_send_method(method: str) -> bool:
    """Methods that put a message into a chat, which Telegram's flood limits count."""
    lowered = method.lower()
    return (
        lowered.startswith(("send", "copymessage", "forwardmessage"))
        and lowered != "sendchataction"
    )


class Faults:
    """The schedule of injected faults, consulted once per Bot API call."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.rules: list[FaultRule] = []
        self._rate_limit: RateLimit | None = None
        self._sent: deque[tuple[float, int | None]] = deque()
        self._monotonic = monotonic

    def inject(
        self,
        method: str | None = None,
        *,
        error: int | None = None,
        retry_after: int | None = None,
        times: int | None = 1,
        chat_id: int | None = None,
        delay: float = 0.0,
        description: str | None = None,
    ) -> FaultRule:
        """Schedule a fault for the next ``times`` matching calls; returns the rule."""
        rule = FaultRule(method, chat_id, error, retry_after, description, delay, times)
        self.rules.append(rule)
        return rule

    def rate_limit(
        self, per_second: int | None = 30, *, per_chat: int | None = None, retry_after: int = 1
    ) -> None:
        """Answer 429 to sends beyond ``per_second`` overall or ``per_chat`` per chat."""
        self._rate_limit = RateLimit(per_second, per_chat, retry_after)
        self._sent.clear()

    def clear(self) -> None:
        self.rules.clear()
        self._rate_limit = None
        self._sent.clear()

    def take(self, method: str, chat_id: int | None) -> FaultRule | None:
        """The first live rule matching this call, counted as used."""
        for rule in self.rules:
            if not rule.exhausted and rule.matches(method, chat_id):
                rule.hits += 1
                return rule
        return None

    def check_rate(self, method: str, chat_id: int | None) -> ApiError | None:
        """Count a send against the rate limit; an error when it is over."""
        limit = self._rate_limit
        if limit is None or not is_send_method(method):
            return None
        now = self._monotonic()
        while self._sent and now - self._sent[0][0] >= 1.0:
            self._sent.popleft()
        in_chat = sum(1 for _, chat in self._sent if chat == chat_id)
        if (limit.per_second is not None and len(self._sent) >= limit.per_second) or (
            limit.per_chat is not None and in_chat >= limit.per_chat
        ):
            return too_many_requests(limit.retry_after)
        self._sent.append((now, chat_id))
        return None
