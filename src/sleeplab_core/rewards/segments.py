"""Broadcast audiences of the Steps game, named by operators as short strings.

``all`` (every player), ``family`` (players in a family), ``inactive:<days>`` (no counted
walk on the last ``days`` days, 1–365, UTC days), ``city:<name>`` (players of a city; case
and ё/е ignored).
"""

from __future__ import annotations

from datetime import date, timedelta

import attrs

from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.errors import NotFound
from sleeplab_core.rewards.model import Profile
from sleeplab_core.rewards.ports import RewardsUnitOfWorkFactory
from sleeplab_core.rewards.text import normalise_address

MAX_INACTIVE_DAYS = 365


class UnknownSegment(NotFound):
    """A segment name that does not parse (the message shows the accepted forms)."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"unknown segment {name!r}: use all, family, inactive:<1-365> or city:<name>"
        )


@attrs.frozen
class Segment:
    kind: str
    days: int = 0
    city: str = ""


def parse_segment(name: str) -> Segment:
    """Raises UnknownSegment."""
    kind, _, value = name.strip().partition(":")
    if kind in ("all", "family") and not value:
        return Segment(kind)
    if kind == "inactive" and value.isdigit() and 1 <= int(value) <= MAX_INACTIVE_DAYS:
        return Segment(kind, days=int(value))
    if kind == "city" and normalise_address(value):
        return Segment(kind, city=normalise_address(value))
    raise UnknownSegment(name)


def _selects(segment: Segment, profile: Profile, active: set[int]) -> bool:
    if segment.kind == "family":
        return profile.family_id is not None
    if segment.kind == "inactive":
        return profile.user_id not in active
    if segment.kind == "city":
        return normalise_address(profile.city) == segment.city
    return True


class StepsSegments:
    """The jobs' ``Segments`` port over the rewards store (``members`` ascending, unique)."""

    def __init__(self, uow: RewardsUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def members(self, segment: str) -> list[int]:
        parsed = parse_segment(segment)
        since: date = self._clock.now().date() - timedelta(days=parsed.days - 1)
        async with self._uow() as unit:
            players = await unit.rewards.profiles.everyone()
            active = await unit.rewards.walks.walkers_since(since) if parsed.days else set()
        return [p.user_id for p in players if _selects(parsed, p, active)]
