"""In-memory fakes: the coaching repository (over tables the store copies per transaction),
a file store and the offline speech-to-text."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TypeVar

import attrs

from sleeplab_core.coaching.files import check_key
from sleeplab_core.coaching.model import CheckIn, Goal, MediaRef, Profile, Session
from sleeplab_core.kernel.errors import Conflict, NotFound
from sleeplab_core.kernel.users import UserId

T = TypeVar("T")


@attrs.define
class CoachingTables:
    """The coaching data of one in-memory store (values are immutable: shallow copies)."""

    profiles: dict[UserId, Profile] = attrs.field(factory=dict)
    goals: dict[str, Goal] = attrs.field(factory=dict)
    media: dict[str, MediaRef] = attrs.field(factory=dict)
    check_ins: dict[tuple[UserId, str, date], CheckIn] = attrs.field(factory=dict)
    sessions: dict[str, Session] = attrs.field(factory=dict)

    def __deepcopy__(self, memo: dict[int, object]) -> CoachingTables:
        return CoachingTables(
            dict(self.profiles),
            dict(self.goals),
            dict(self.media),
            dict(self.check_ins),
            dict(self.sessions),
        )


@attrs.define
class InMemoryCoachingRepository:
    """The :class:`~sleeplab_core.coaching.ports.CoachingRepository` over plain dicts."""

    _t: CoachingTables = attrs.field(factory=CoachingTables)

    async def profile(self, user_id: UserId) -> Profile | None:
        return self._t.profiles.get(user_id)

    async def save_profile(self, profile: Profile) -> None:
        self._t.profiles[profile.user_id] = profile

    async def add_goal(self, goal: Goal) -> None:
        _insert(self._t.goals, goal.id, goal)

    async def save_goal(self, goal: Goal) -> None:
        if goal.id not in self._t.goals:
            raise NotFound(f"goal {goal.id!r}")
        self._t.goals[goal.id] = goal

    async def goal(self, user_id: UserId, goal_id: str) -> Goal | None:
        goal = self._t.goals.get(goal_id)
        return goal if goal is not None and goal.user_id == user_id else None

    async def goals(self, user_id: UserId) -> list[Goal]:
        return _oldest_first(g for g in self._t.goals.values() if g.user_id == user_id)

    async def add_media(self, media: MediaRef) -> None:
        _insert(self._t.media, media.id, media)

    async def media(self, user_id: UserId, goal_id: str | None = None) -> list[MediaRef]:
        found = [
            m
            for m in self._t.media.values()
            if m.user_id == user_id and (goal_id is None or m.goal_id == goal_id)
        ]
        return sorted(found, key=lambda m: (m.created_at, m.id))

    async def delete_media(self, user_id: UserId, media_id: str) -> MediaRef | None:
        found = self._t.media.get(media_id)
        if found is None or found.user_id != user_id:
            return None
        del self._t.media[media_id]
        return found

    async def save_check_in(self, check_in: CheckIn) -> CheckIn:
        key = (check_in.user_id, check_in.goal_id, check_in.day)
        first = self._t.check_ins.get(key)
        stored = check_in if first is None else attrs.evolve(check_in, id=first.id)
        self._t.check_ins[key] = stored
        return stored

    async def check_ins(
        self, user_id: UserId, since: date | None = None, limit: int | None = None
    ) -> list[CheckIn]:
        found = sorted(
            (
                c
                for c in self._t.check_ins.values()
                if c.user_id == user_id and (since is None or c.day >= since)
            ),
            key=lambda c: (c.day, c.at, c.id),
        )
        return found if limit is None else found[-limit:] if limit > 0 else []

    async def check_in_days(self, user_id: UserId) -> set[date]:
        return {c.day for c in self._t.check_ins.values() if c.user_id == user_id}

    async def add_session(self, session: Session) -> None:
        _insert(self._t.sessions, session.id, session)

    async def sessions(self, user_id: UserId, limit: int = 20) -> list[Session]:
        found = sorted(
            (s for s in self._t.sessions.values() if s.user_id == user_id),
            key=lambda s: (s.at, s.id),
        )
        return found[-limit:] if limit > 0 else []

    async def delete_user(self, user_id: UserId) -> list[str]:
        keys = [m.key for m in await self.media(user_id)]
        self._t.profiles.pop(user_id, None)
        for table in (self._t.goals, self._t.media, self._t.sessions):
            for item_id in [i for i, v in table.items() if v.user_id == user_id]:
                del table[item_id]
        for key in [k for k in self._t.check_ins if k[0] == user_id]:
            del self._t.check_ins[key]
        return keys


def _insert(table: dict[str, T], item_id: str, value: T) -> None:
    if item_id in table:
        raise Conflict(f"{item_id!r} exists")
    table[item_id] = value


def _oldest_first(goals: Iterable[Goal]) -> list[Goal]:
    return sorted(goals, key=lambda g: (g.created_at, g.id))


class InMemoryFileStore:
    """The :class:`~sleeplab_core.coaching.ports.FileStore` in a dict."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[bytes, str]] = {}

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        self.files[check_key(key)] = (bytes(data), content_type)

    async def get(self, key: str) -> bytes | None:
        found = self.files.get(check_key(key))
        return None if found is None else found[0]

    async def delete(self, key: str) -> None:
        self.files.pop(check_key(key), None)

    async def exists(self, key: str) -> bool:
        return check_key(key) in self.files


class OfflineSpeechToText:
    """No transcription offline: the note is kept and the user writes a one-line summary."""

    async def transcribe(self, audio: bytes, mime_type: str, locale: str) -> str | None:
        return None


class ScriptedSpeechToText:
    """A transcriber for tests: returns ``text`` (or raises ``error``) for every note."""

    def __init__(self, text: str | None = None, error: Exception | None = None) -> None:
        self.text, self.error = text, error
        self.calls = 0

    async def transcribe(self, audio: bytes, mime_type: str, locale: str) -> str | None:
        self.calls += 1
        if self.error is not None:
            raise self.error
        return self.text
