"""A record of every Bot API call, for assertions on rates, retries and duplicates."""

from __future__ import annotations

from collections import Counter
from typing import Any

import attrs


@attrs.frozen
class CallRecord:
    """One Bot API call: the method as sent, its chat, parameters and the HTTP status."""

    method: str
    chat_id: int | None
    params: dict[str, Any]
    status: int
    at: float


class CallLog:
    """All calls in arrival order; method names compare case-insensitively."""

    def __init__(self) -> None:
        self.records: list[CallRecord] = []

    def add(self, record: CallRecord) -> None:
        self.records.append(record)

    def of(self, method: str | None = None, chat_id: int | None = None) -> list[CallRecord]:
        return [
            r
            for r in self.records
            if (method is None or r.method.lower() == method.lower())
            and (chat_id is None or r.chat_id == chat_id)
        ]

    def count(
        self, method: str | None = None, chat_id: int | None = None, *, ok_only: bool = False
    ) -> int:
        calls = self.of(method, chat_id)
        if ok_only:
            calls = [r for r in calls if r.status == 200]
        return len(calls)

    def per_method(self) -> Counter[str]:
        return Counter(r.method for r in self.records)

    def per_chat(self, method: str | None = None) -> Counter[int]:
        return Counter(r.chat_id for r in self.of(method) if r.chat_id is not None)

    def clear(self) -> None:
        self.records.clear()
