"""The assistant's storage port: the message log and each user's preferences."""

from __future__ import annotations

from typing import Protocol

from sleeplab_core.assistant.model import LogEntry, Preferences
from sleeplab_core.kernel.users import UserId


class AssistantRepository(Protocol):
    """Message-log entries and preferences, inside a unit of work.

    Contract:
    - ``add`` appends an entry; entries never change. An id used before raises ``Conflict``.
    - ``recent(user_id, conversation, limit)`` returns the last ``limit`` ANSWERED entries of
      that conversation, oldest first (the conversation memory).
    - ``for_user`` returns every entry of the user, oldest first (export, audits).
    - ``preferences`` returns the stored preferences, or defaults (``Preferences(user_id)``)
      for a user who has none; ``save_preferences`` inserts or replaces them.
    - ``delete_user`` removes the user's entries and preferences (a no-op for an unknown id).
    """

    async def add(self, entry: LogEntry) -> None: ...

    async def recent(self, user_id: UserId, conversation: int, limit: int) -> list[LogEntry]: ...

    async def for_user(self, user_id: UserId) -> list[LogEntry]: ...

    async def preferences(self, user_id: UserId) -> Preferences: ...

    async def save_preferences(self, preferences: Preferences) -> None: ...

    async def delete_user(self, user_id: UserId) -> None: ...
