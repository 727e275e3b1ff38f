"""Live-location walks: the player shares a live location; the walk ends when sharing stops.

Every Steps flow hands :class:`Location` events here, so a walk keeps counting while the
player looks at the menu or the catalog. The first point of a live location starts the
walk; its updates are stored silently; the stop update (an edit without ``live_period``),
an update past the live period, the "finish" button, or the start of the next live
location ends it: the track is verified and
logged as a ``gps`` walk (see ``rewards/use_cases/finish_live_walk.py``).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sleeplab_core.bots.steps.kit import StepsKit
from sleeplab_core.bots.steps.report import points_lines
from sleeplab_core.conversation import Button, FlowContext, Location
from sleeplab_core.rewards.errors import RewardsNotFound
from sleeplab_core.rewards.model import TrackPoint, WalkStatus
from sleeplab_core.rewards.use_cases.finish_live_walk import finish_live_walk
from sleeplab_core.rewards.use_cases.log_walk import WalkLogged
from sleeplab_core.rewards.use_cases.record_track_point import PointKept, record_track_point

log = logging.getLogger(__name__)

FINISH = "walk:finish"
AGAIN = "walk:again"
FOREVER = 0x7FFFFFFF
"""Telegram's ``live_period`` of a live location shared until stopped."""


async def on_location(kit: StepsKit, event: Location, ctx: FlowContext) -> None:
    """Keep a point of a live walk, or end the walk; a single point only explains."""
    if not event.live or event.message_id is None:
        ctx.send(
            ctx.t("steps.live.share_live", accuracy=kit.rules.verification.max_accuracy_m),
            tag="notice",
        )
        return
    if await kit.profile(ctx) is None:
        ctx.switch("start")
        return
    at = event.at or kit.clock.now()
    if event.stopped or _expired(event, at):
        await finish(kit, ctx, event.message_id)
        return
    point = TrackPoint(
        user_id=ctx.user.id,
        track=event.message_id,
        at=at,
        latitude=event.latitude,
        longitude=event.longitude,
        accuracy_m=event.accuracy_m,
    )
    kept = await record_track_point(kit.uow(ctx), point)
    if kept is PointKept.STARTED:
        # Telegram sends nothing when a live period runs out: a walk still open when the
        # next one starts ends now, with what it had.
        async with kit.uow(ctx)() as unit:
            earlier = await unit.rewards.tracks.open_tracks(ctx.user.id)
        for track in earlier:
            if track != event.message_id:
                await finish(kit, ctx, track)
        ctx.send(ctx.t("steps.live.started"), [[finish_button(ctx)]], tag="live")


async def finish(kit: StepsKit, ctx: FlowContext, track: int | None = None) -> None:
    """End ``track`` (or, from the button, every live walk of the player) and show what it
    earned; the stop of a walk already ended (by the button, or delivered twice) is silent."""
    async with kit.uow(ctx)() as unit:
        open_tracks = await unit.rewards.tracks.open_tracks(ctx.user.id)
    tracks = open_tracks if track is None else [t for t in open_tracks if t == track]
    if not tracks:
        if track is None:
            ctx.send(ctx.t("steps.live.none"), tag="notice")
        return
    for each in tracks:
        try:
            logged = await finish_live_walk(
                kit.uow(ctx), kit.ledger, kit.clock, kit.weather, kit.rules, ctx.user.id, each
            )
        except RewardsNotFound:
            ctx.switch("start")
            return
        if logged is None:
            log.info("steps: live walk %s of user %s had no points", each, ctx.user.id)
            continue
        ctx.send(
            report(kit, ctx, logged),
            [
                [ctx.button("steps.walk.another", AGAIN)],
                [ctx.button("steps.back_to_menu", "steps:menu")],
            ],
        )


def finish_button(ctx: FlowContext) -> Button:
    return ctx.button("steps.walk.finish", FINISH)


def report(kit: StepsKit, ctx: FlowContext, logged: WalkLogged) -> str:
    walk = logged.walk
    if walk.status is WalkStatus.REFUSED:
        code = (walk.refusal or "no_track").split(":")[0]
        key = code if code in ("no_track", "too_long") else "no_track"
        return ctx.t(
            f"steps.walk.refused.{key}",
            accuracy=kit.rules.verification.max_accuracy_m,
            speed=kit.rules.verification.max_speed_kmh,
        )
    summary = ctx.t("steps.live.summary", distance=walk.distance_m, minutes=walk.minutes)
    return "\n".join([summary, *points_lines(kit, ctx, logged)])


def _expired(event: Location, at: object) -> bool:
    if event.live_period is None or event.sent_at is None or event.live_period >= FOREVER:
        return False
    return bool(at > event.sent_at + timedelta(seconds=event.live_period))  # type: ignore[operator]
