"""The in-memory :class:`AssistantRepository`, over tables the in-memory store copies."""

from __future__ import annotations

import attrs

from sleeplab_core.assistant.model import LogEntry, Outcome, Preferences
from sleeplab_core.kernel.errors import Conflict
from sleeplab_core.kernel.users import UserId


@attrs.define
class AssistantTables:
    """The assistant's data inside one store (copied per unit of work by the store)."""

    entries: list[LogEntry] = attrs.field(factory=list)
    ids: set[str] = attrs.field(factory=set)
    preferences: dict[UserId, Preferences] = attrs.field(factory=dict)

    def __deepcopy__(self, memo: dict[int, object]) -> AssistantTables:
        # Entries and preferences are immutable values: copying the containers isolates a
        # unit of work, and the log can grow without every transaction copying each entry.
        return AssistantTables(list(self.entries), set(self.ids), dict(self.preferences))


@attrs.define
class InMemoryAssistantRepository:
    _t: AssistantTables = attrs.field(factory=AssistantTables)

    async def add(self, entry: LogEntry) -> None:
        if entry.id in self._t.ids:
            raise Conflict(f"log entry {entry.id!r} exists")
        self._t.ids.add(entry.id)
        self._t.entries.append(entry)

    async def recent(self, user_id: UserId, conversation: int, limit: int) -> list[LogEntry]:
        if limit <= 0:
            return []
        found = [
            e
            for e in self._t.entries
            if e.user_id == user_id
            and e.conversation == conversation
            and e.outcome is Outcome.ANSWERED
        ]
        return found[-limit:]

    async def for_user(self, user_id: UserId) -> list[LogEntry]:
        return [e for e in self._t.entries if e.user_id == user_id]

    async def preferences(self, user_id: UserId) -> Preferences:
        return self._t.preferences.get(user_id) or Preferences(user_id=user_id)

    async def save_preferences(self, preferences: Preferences) -> None:
        self._t.preferences[preferences.user_id] = preferences

    async def delete_user(self, user_id: UserId) -> None:
        removed = {e.id for e in self._t.entries if e.user_id == user_id}
        self._t.entries[:] = [e for e in self._t.entries if e.user_id != user_id]
        self._t.ids -= removed
        self._t.preferences.pop(user_id, None)
