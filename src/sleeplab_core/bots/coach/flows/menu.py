"""The main menu and ``/progress``: streak, strength and level beside each other."""

from __future__ import annotations

from sleeplab_core.bots.coach.flows.base import CoachFlow
from sleeplab_core.bots.coach.kit import refusal, render_progress, uow
from sleeplab_core.coaching.errors import CoachingError
from sleeplab_core.coaching.use_cases.progress import progress
from sleeplab_core.conversation import Event, FlowContext


class Menu(CoachFlow):
    name = "menu"

    async def enter(self, ctx: FlowContext) -> None:
        ctx.send(
            ctx.t("coach.menu.title"),
            [
                [ctx.button("coach.menu.checkin", "menu:checkin")],
                [ctx.button("coach.menu.goal", "menu:goal")],
                [ctx.button("coach.menu.goals", "menu:goals")],
                [ctx.button("coach.menu.progress", "menu:progress")],
            ],
        )


class ProgressFlow(CoachFlow):
    name = "progress"

    async def enter(self, ctx: FlowContext) -> None:
        try:
            found = await progress(uow(ctx), ctx.clock, ctx.user.id)
        except CoachingError as error:
            ctx.send(refusal(ctx, error))
            return
        ctx.send(render_progress(ctx, found), [[ctx.button("coach.menu.back", "menu:back")]])

    async def on_event(self, event: Event, ctx: FlowContext) -> None:
        ctx.switch("menu")
