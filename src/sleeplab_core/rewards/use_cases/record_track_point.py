"""Keep one point of a live location the player shares while walking.

The walk is the series of a live location's points, from its first message until sharing
stops; each point is stored under the live message's id (the track) and an instant, so a
re-delivered update adds nothing. A point for a track whose walk is already logged (an
update that arrived late, the stop after "finish") is ignored.
"""

from __future__ import annotations

import enum

from sleeplab_core.rewards.errors import RewardsNotFound
from sleeplab_core.rewards.model import TrackPoint
from sleeplab_core.rewards.ports import RewardsUnitOfWorkFactory


class PointKept(enum.Enum):
    STARTED = "started"  # the track's first point: a walk began
    ADDED = "added"
    REPEATED = "repeated"  # the track already has a point at that instant
    FINISHED = "finished"  # the track's walk is logged: ignored


def gps_walk_key(track: int) -> str:
    """The walk key of a live track (one walk per live location message)."""
    return f"gps:{track}"


async def record_track_point(uow: RewardsUnitOfWorkFactory, point: TrackPoint) -> PointKept:
    """Store ``point`` in its track.

    Raises:
        RewardsNotFound: the user has not registered.
    """
    async with uow() as unit:
        if await unit.rewards.profiles.get(point.user_id) is None:
            raise RewardsNotFound("profile")
        if await unit.rewards.walks.by_key(point.user_id, gps_walk_key(point.track)):
            return PointKept.FINISHED
        first = not await unit.rewards.tracks.points(point.user_id, point.track)
        if not await unit.rewards.tracks.add(point):
            return PointKept.REPEATED
        await unit.commit()
    return PointKept.STARTED if first else PointKept.ADDED
