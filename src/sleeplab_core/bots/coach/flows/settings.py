"""``/timezone`` (after travel) and ``/pause`` (a vacation that keeps the streak)."""

from __future__ import annotations

from sleeplab_core.bots.coach.flows.base import CoachFlow
from sleeplab_core.bots.coach.kit import refusal, uow, zone_of_location
from sleeplab_core.coaching.errors import CoachingError
from sleeplab_core.coaching.use_cases.settings import change_time_zone, pause, resume
from sleeplab_core.coaching.zones import resolve_time_zone
from sleeplab_core.conversation import ButtonPress, Event, FlowContext, Location, Text
from sleeplab_core.kernel.errors import ValidationFailed

PAUSE_CHOICES = (3, 7, 14)


class TimeZone(CoachFlow):
    name = "timezone"
    takes_locations = True

    async def enter(self, ctx: FlowContext) -> None:
        ctx.send(ctx.t("coach.onboarding.zone"))

    async def on_event(self, event: Event, ctx: FlowContext) -> None:
        if not isinstance(event, Text | Location):
            await self.enter(ctx)
            return
        try:
            if isinstance(event, Location):
                found = zone_of_location(self.kit, event)
            else:
                found = resolve_time_zone(event.text)
            profile = await change_time_zone(uow(ctx), ctx.clock, ctx.user.id, found)
        except (CoachingError, ValidationFailed) as error:
            ctx.send(refusal(ctx, error), tag="notice")
            await self.enter(ctx)
            return
        if isinstance(event, Location):
            ctx.send(ctx.t("coach.zone.from_location", zone=found))
        ctx.update_user(time_zone=profile.time_zone)
        ctx.send(ctx.t("coach.settings.zone_changed", zone=profile.time_zone))
        ctx.switch("menu")


class PauseFlow(CoachFlow):
    name = "pause"

    async def enter(self, ctx: FlowContext) -> None:
        rows = [
            [ctx.button("coach.pause.days", f"pause:{days}", days=days)] for days in PAUSE_CHOICES
        ]
        rows.append([ctx.button("coach.pause.resume", "pause:resume")])
        ctx.send(ctx.t("coach.pause.title"), rows)

    async def on_event(self, event: Event, ctx: FlowContext) -> None:
        data = event.data if isinstance(event, ButtonPress) else ""
        if not data.startswith("pause:"):
            await self.enter(ctx)
            return
        choice = data.removeprefix("pause:")
        try:
            if choice == "resume":
                await resume(uow(ctx), ctx.clock, ctx.user.id)
                ctx.send(ctx.t("coach.pause.resumed"))
            else:
                added = await pause(uow(ctx), ctx.clock, ctx.user.id, int(choice))
                ctx.send(ctx.t("coach.pause.started", until=added.last.isoformat()))
        except (CoachingError, ValidationFailed, ValueError) as error:
            ctx.send(refusal(ctx, error), tag="notice")
            return
        ctx.switch("menu")
