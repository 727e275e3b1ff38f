"""The queue of updates waiting for the bot: long polling, offsets, allowed_updates."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

from .errors import ApiError

# Telegram leaves these out unless the bot asks for them explicitly.
_OPT_IN_TYPES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})

TERMINATED_BY_OTHER = ApiError(
    409,
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running",
)
TERMINATED_BY_WEBHOOK = ApiError(409, "Conflict: terminated by setWebhook request")


class UpdateFeed:
    """Holds unconfirmed updates in order and wakes long polls when one arrives."""

    def __init__(self, on_change: Callable[[], Awaitable[None]] | None = None) -> None:
        self._on_change = on_change
        self._pending: list[dict[str, Any]] = []
        self._last_update_id = 0
        self._allowed: frozenset[str] | None = None
        self._changed = asyncio.Condition()
        self._poll_generation = 0
        self._takeover = TERMINATED_BY_OTHER
        self._closed = False

    @property
    def pending(self) -> list[dict[str, Any]]:
        return list(self._pending)

    def set_allowed_updates(self, allowed: list[str] | None) -> None:
        """Remember the bot's choice; None keeps the previous one, [] restores the default."""
        if allowed is not None:
            self._allowed = frozenset(allowed) if allowed else None

    def wants(self, update_type: str) -> bool:
        if self._allowed is None:
            return update_type not in _OPT_IN_TYPES
        return update_type in self._allowed

    async def push(self, update_type: str, payload: dict[str, Any]) -> dict[str, Any] | None:
        """Queue an update; returns it, or None when the bot's allowed_updates drop it."""
        if not self.wants(update_type):
            return None
        self._last_update_id += 1
        update = {"update_id": self._last_update_id, update_type: payload}
        self._pending.append(update)
        await self._notify()
        return update

    async def confirm(self, offset: int) -> None:
        """Forget updates below ``offset``; a negative offset keeps only the last ``-offset``."""
        if offset < 0:
            self._pending = self._pending[offset:]
        elif offset:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        await self._notify()

    async def remove(self, update_id: int) -> None:
        self._pending = [u for u in self._pending if u["update_id"] != update_id]
        await self._notify()

    async def drop_all(self) -> None:
        self._pending.clear()
        await self._notify()

    async def poll(self, offset: int, limit: int, wait_seconds: float) -> list[dict[str, Any]]:
        """Answer getUpdates: wait up to ``wait_seconds`` for updates at or after ``offset``.

        Raises:
            ApiError: 409 when a newer getUpdates request takes over, like Telegram.
        """
        await self.confirm(offset)
        generation = await self._supersede_polls(TERMINATED_BY_OTHER)
        if not self._pending and wait_seconds > 0 and not self._closed:
            await self._wait_for_updates(generation, wait_seconds)
        if generation != self._poll_generation:
            raise self._takeover
        return self._pending[:limit]

    async def end_polls_for_webhook(self) -> None:
        await self._supersede_polls(TERMINATED_BY_WEBHOOK)

    async def _supersede_polls(self, reason: ApiError) -> int:
        # A waiting poll sees the generation change, wakes and answers with ``reason``.
        self._poll_generation += 1
        generation = self._poll_generation
        self._takeover = reason
        await self._notify()
        return generation

    async def close(self) -> None:
        self._closed = True
        await self._notify()

    async def wait_for_pending(self) -> None:
        """Return once at least one update waits (checked under the lock: no lost wake-ups)."""
        async with self._changed:
            await self._changed.wait_for(lambda: bool(self._pending))

    async def _wait_for_updates(self, generation: int, wait_seconds: float) -> None:
        def ready() -> bool:
            return bool(self._pending) or self._closed or generation != self._poll_generation

        async with self._changed:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait_for(ready), wait_seconds)

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()
        if self._on_change is not None:
            await self._on_change()
