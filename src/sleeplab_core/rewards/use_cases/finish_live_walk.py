"""End a live-location walk: verify its track, log it as a ``gps`` walk, pay it once.

Only the segments whose both points are precise enough and whose speed a walker reaches
count (:func:`~sleeplab_core.rewards.verification.verify_track`); steps come from the
counted distance. A track with nothing that counts is logged as refused (``no_track``).
The walk is stored under the key ``gps:<track>`` through :func:`log_walk`, so finishing
twice (the stop update and the "finish" button, a re-delivery, a retry after a crash)
counts it once; the track's points are dropped after the walk is stored.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sleeplab_core.kernel.clock import Clock
from sleeplab_core.ledger import Ledger
from sleeplab_core.rewards.config import RewardsRules
from sleeplab_core.rewards.errors import RewardsNotFound, WalkRefused
from sleeplab_core.rewards.model import MeasuredBy, TrackPoint
from sleeplab_core.rewards.ports import RewardsUnitOfWorkFactory
from sleeplab_core.rewards.use_cases.log_walk import WalkDraft, WalkLogged, log_walk
from sleeplab_core.rewards.use_cases.record_track_point import gps_walk_key
from sleeplab_core.rewards.verification import Fix, VerifiedWalk, verify_track
from sleeplab_core.rewards.weather import Weather


async def finish_live_walk(
    uow: RewardsUnitOfWorkFactory,
    ledger: Ledger,
    clock: Clock,
    weather: Weather,
    rules: RewardsRules,
    user_id: int,
    track: int,
) -> WalkLogged | None:
    """Log the walk of ``track``; None when the track has no points and no walk.

    Raises:
        RewardsNotFound: the user has not registered.
    """
    async with uow() as unit:
        profile = await unit.rewards.profiles.get(user_id)
        if profile is None:
            raise RewardsNotFound("profile")
        points = await unit.rewards.tracks.points(user_id, track)
        logged = await unit.rewards.walks.by_key(user_id, gps_walk_key(track))
    if not points and logged is None:
        return None
    draft = (
        _draft(user_id, track, points, profile.zone, rules)
        if points
        else WalkDraft(  # already logged: log_walk finds it by key and only re-pays
            user_id=user_id,
            key=gps_walk_key(track),
            measured_by=MeasuredBy.GPS,
            local_day=logged.local_day,  # type: ignore[union-attr]
            started_at=logged.logged_at,  # type: ignore[union-attr]
            verified=None,
        )
    )
    result = await log_walk(uow, ledger, clock, weather, rules, draft)
    async with uow() as unit:
        await unit.rewards.tracks.drop(user_id, track)
        await unit.commit()
    return result


def _draft(
    user_id: int, track: int, points: list[TrackPoint], zone: str, rules: RewardsRules
) -> WalkDraft:
    fixes = [Fix(p.at, p.latitude, p.longitude, p.accuracy_m) for p in points]
    verified: VerifiedWalk | None = verify_track(fixes, rules.verification)
    refusal = None
    if verified is None or verified.steps == 0:
        refusal = WalkRefused("no_track", f"{len(points)} points, nothing counted")
    elif verified.minutes > rules.verification.max_minutes:
        refusal = WalkRefused("too_long", f"{verified.minutes} min")
    limit = rules.verification.max_accuracy_m
    precise = (p for p in points if p.accuracy_m is not None and p.accuracy_m <= limit)
    place = next(precise, points[0])  # the weather where the walk started
    started = points[0].at
    return WalkDraft(
        user_id=user_id,
        key=gps_walk_key(track),
        measured_by=MeasuredBy.GPS,
        local_day=started.astimezone(ZoneInfo(zone)).date(),
        started_at=started,
        verified=verified,
        refusal=refusal,
        latitude=place.latitude,
        longitude=place.longitude,
    )
