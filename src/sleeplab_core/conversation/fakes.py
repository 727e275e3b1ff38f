"""The in-memory fake of the conversation module's :class:`BotApi` port."""

from __future__ import annotations

from collections import deque
from typing import Any

from sleeplab_core.conversation.actions import SendInvoice
from sleeplab_core.conversation.performer import Keyboard


class FakeBotApi:
    """Records every call; ``fail(method, error)`` makes the next call of ``method`` raise."""

    def __init__(self, *, gives_file_ids: bool = True) -> None:
        self.gives_file_ids = gives_file_ids
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self._failures: dict[str, deque[Exception]] = {}
        self._next_id = 100

    def fail(self, method: str, *errors: Exception) -> None:
        self._failures.setdefault(method, deque()).extend(errors)

    def names(self) -> list[str]:
        return [name for name, _ in self.calls]

    def _record(self, method: str, *args: Any) -> int:
        self.calls.append((method, args))
        failures = self._failures.get(method)
        if failures:
            raise failures.popleft()
        self._next_id += 1
        return self._next_id

    async def send_text(self, chat_id: int, text: str, buttons: Keyboard) -> int:
        return self._record("send_text", chat_id, text, buttons)

    async def edit_text(self, chat_id: int, message_id: int, text: str, buttons: Keyboard) -> None:
        self._record("edit_text", chat_id, message_id, text, buttons)

    async def delete(self, chat_id: int, message_id: int) -> None:
        self._record("delete", chat_id, message_id)

    async def send_file(
        self, chat_id: int, file: str | bytes, filename: str, caption: str | None, photo: bool
    ) -> tuple[int, str | None]:
        message_id = self._record("send_file", chat_id, file, filename, caption, photo)
        return message_id, f"file-{message_id}" if self.gives_file_ids else None

    async def send_invoice(self, chat_id: int, invoice: SendInvoice) -> int:
        return self._record("send_invoice", chat_id, invoice)

    async def create_invoice_link(self, invoice: SendInvoice) -> str:
        self._record("create_invoice_link", invoice)
        return f"https://t.me/$link-{invoice.payload}"

    async def answer_pre_checkout(self, query_id: str, ok: bool, error_message: str | None) -> None:
        self._record("answer_pre_checkout", query_id, ok, error_message)

    async def answer_callback(self, callback_id: str, text: str | None) -> None:
        self._record("answer_callback", callback_id, text)
