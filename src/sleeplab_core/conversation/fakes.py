"""In-memory fakes of the conversation module's ports: the Bot API and the update intake."""

from __future__ import annotations

from collections import deque
from datetime import datetime
from typing import Any

from sleeplab_core.conversation.actions import SendInvoice
from sleeplab_core.conversation.intake import StoredUpdate
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


class InMemoryIntake:
    """The :class:`~sleeplab_core.conversation.intake.UpdateIntake` in a process's memory.

    Lost when the process ends: for tests and the in-memory store only.
    """

    def __init__(self) -> None:
        self._updates: dict[tuple[str, int], tuple[StoredUpdate, datetime]] = {}
        self._finished: dict[tuple[str, int], datetime] = {}
        self._leases: dict[tuple[str, int], tuple[str, datetime]] = {}

    async def store(
        self, bot: str, update: StoredUpdate, now: datetime, *, finished: bool = False
    ) -> bool:
        key = (bot, update.update_id)
        if key in self._updates:
            return False
        self._updates[key] = (update, now)
        if finished:
            self._finished[key] = now
        return True

    async def claim(
        self, bot: str, user_id: int, owner: str, now: datetime, until: datetime
    ) -> bool:
        held = self._leases.get((bot, user_id))
        if held is not None and held[0] != owner and held[1] > now:
            return False
        self._leases[(bot, user_id)] = (owner, until)
        return True

    async def release(self, bot: str, user_id: int, owner: str) -> None:
        held = self._leases.get((bot, user_id))
        if held is not None and held[0] == owner:
            del self._leases[(bot, user_id)]

    async def next_update(self, bot: str, user_id: int) -> StoredUpdate | None:
        waiting = [u for u in self._unfinished(bot) if u.user_id == user_id]
        return min(waiting, key=lambda u: u.update_id, default=None)

    async def finish(self, bot: str, update_id: int, now: datetime) -> None:
        if (bot, update_id) in self._updates:
            self._finished.setdefault((bot, update_id), now)

    async def waiting_users(self, bot: str, now: datetime, limit: int) -> list[int]:
        first: dict[int, int] = {}
        for update in sorted(self._unfinished(bot), key=lambda u: u.update_id):
            held = self._leases.get((bot, update.user_id))
            if held is None or held[1] <= now:
                first.setdefault(update.user_id, update.update_id)
        return list(first)[:limit]

    async def unfinished(self, bot: str) -> int:
        return len(self._unfinished(bot))

    async def prune(self, before: datetime) -> int:
        old = [
            key
            for key, (_, received) in self._updates.items()
            if key in self._finished and received < before
        ]
        for key in old:
            del self._updates[key]
            del self._finished[key]
        return len(old)

    def _unfinished(self, bot: str) -> list[StoredUpdate]:
        return [
            update
            for (name, update_id), (update, _) in self._updates.items()
            if name == bot and (name, update_id) not in self._finished
        ]
