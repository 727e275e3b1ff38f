"""Ports of the coaching module: its repository, unit of work, file store and speech-to-text."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from types import TracebackType
from typing import Protocol, Self

from sleeplab_core.coaching.model import CheckIn, Goal, MediaRef, Profile, Session
from sleeplab_core.jobs.ports import JobRepository
from sleeplab_core.kernel.users import UserId, UserRepository


class CoachingRepository(Protocol):
    """A user's coaching data inside one unit of work.

    Contract:
    - Every read is scoped to ``user_id``: one user never sees another's goals or check-ins.
    - ``save_profile`` inserts or replaces the whole profile; ``profile`` returns None for a
      user who has not finished onboarding.
    - ``add_goal`` / ``add_media`` / ``add_session`` insert; an id already stored raises
      Conflict. ``save_goal`` replaces a stored goal (NotFound if absent).
    - ``goals`` lists a user's goals oldest first; ``media`` a user's media oldest first,
      optionally only those of one goal. ``delete_media`` removes one of the user's media
      references and returns it (None when the user has none with that id); the caller
      deletes the file.
    - ``save_check_in`` stores a check-in unique per (user, goal, day): a second one for the
      same key replaces the texts and time but keeps the first id, and is returned (a unique
      constraint in SQL, so retries never double-count a day).
    - ``check_ins`` lists a user's check-ins by day then time, from ``since`` when given,
      the latest ``limit`` when given; ``check_in_days`` the distinct days.
    - ``sessions`` lists the latest ``limit`` sessions, oldest first.
    - ``delete_user`` removes everything of the user and returns the file-store keys of
      their media, for the caller to delete the files.
    """

    async def profile(self, user_id: UserId) -> Profile | None: ...

    async def save_profile(self, profile: Profile) -> None: ...

    async def add_goal(self, goal: Goal) -> None: ...

    async def save_goal(self, goal: Goal) -> None: ...

    async def goal(self, user_id: UserId, goal_id: str) -> Goal | None: ...

    async def goals(self, user_id: UserId) -> list[Goal]: ...

    async def add_media(self, media: MediaRef) -> None: ...

    async def media(self, user_id: UserId, goal_id: str | None = None) -> list[MediaRef]: ...

    async def delete_media(self, user_id: UserId, media_id: str) -> MediaRef | None: ...

    async def save_check_in(self, check_in: CheckIn) -> CheckIn: ...

    async def check_ins(
        self, user_id: UserId, since: date | None = None, limit: int | None = None
    ) -> list[CheckIn]: ...

    async def check_in_days(self, user_id: UserId) -> set[date]: ...

    async def add_session(self, session: Session) -> None: ...

    async def sessions(self, user_id: UserId, limit: int = 20) -> list[Session]: ...

    async def delete_user(self, user_id: UserId) -> list[str]: ...


class CoachingUnitOfWork(Protocol):
    """The part of a bot's unit of work the coaching use cases need."""

    users: UserRepository
    jobs: JobRepository
    coaching: CoachingRepository

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...


class CoachingUnitOfWorkFactory(Protocol):
    def __call__(self) -> CoachingUnitOfWork: ...


class FileStore(Protocol):
    """Bytes by key (mood-board photos, voice notes).

    Contract: ``put`` stores ``data`` under ``key`` (replacing what was there); ``get``
    returns the bytes, or None for an unknown key; ``delete`` removes the key and is a no-op
    for an unknown one; ``exists`` tells whether the key holds data. Keys are relative paths
    of ``[A-Za-z0-9_.-]`` segments joined by ``/`` (no ``..``, no leading ``/``); anything
    else raises ValidationFailed.
    """

    async def put(self, key: str, data: bytes, content_type: str) -> None: ...

    async def get(self, key: str) -> bytes | None: ...

    async def delete(self, key: str) -> None: ...

    async def exists(self, key: str) -> bool: ...


class SpeechToText(Protocol):
    """Turns a voice note into text.

    Contract: ``transcribe`` returns the text, or None when this transcriber cannot (the
    offline one): the caller then asks the user for a one-line summary. A failure of a real
    service raises :class:`~sleeplab_core.coaching.errors.TranscriptionFailed`.
    """

    async def transcribe(self, audio: bytes, mime_type: str, locale: str) -> str | None: ...


class WeekChart(Protocol):
    """Draws the weekly review's chart.

    Contract: ``render(days, strength_label)`` returns PNG bytes: one bar per day (filled for
    a check-in), the strength (0–100) as a line; ``days`` are (weekday label, checked,
    strength) oldest first; the same input gives the same bytes.
    """

    def render(self, days: Sequence[tuple[str, bool, int]], strength_label: str) -> bytes: ...


class ZoneFinder(Protocol):
    """The time zone at a point on Earth (a location the user shared).

    Contract:
    - ``latitude`` runs -90…90 and ``longitude`` -180…180 (degrees, WGS 84); a point outside
      (or not a finite number) raises ValidationFailed with field ``location``.
    - The answer is an IANA name ``zoneinfo`` loads, or None when the finder knows no zone
      there (the caller asks the user to type a city instead).
    - A point in a city gets that city's zone (Berlin → ``Europe/Berlin``); a point far out
      at sea gets the nautical zone of its longitude, ``Etc/GMT±N`` with N = round(lon/15)
      and the tz database's inverted sign (``Etc/GMT`` at 0), or None.
    - Pure lookup: no network, no state; the same point always gets the same answer.
    """

    def zone_at(self, latitude: float, longitude: float) -> str | None: ...
