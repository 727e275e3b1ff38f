"""The main menu and ``/progress``: streak, strength and level beside each other."""

from __future__ import annotations

from sleeplab_core.bots.coach.kit import CoachKit, refusal, render_progress, uow
from sleeplab_core.bots.coach.paywall import payment_event
from sleeplab_core.coaching.errors import CoachingError
from sleeplab_core.coaching.use_cases.progress import progress
from sleeplab_core.conversation import ButtonPress, Command, Event, FlowContext, Resume, Start

TARGETS = {"menu:goal": "new_goal", "menu:checkin": "checkin", "menu:progress": "progress"}


class Menu:
    name = "menu"

    def __init__(self, kit: CoachKit) -> None:
        self.kit = kit

    async def enter(self, ctx: FlowContext) -> None:
        ctx.send(
            ctx.t("coach.menu.title"),
            [
                [ctx.button("coach.menu.checkin", "menu:checkin")],
                [ctx.button("coach.menu.goal", "menu:goal")],
                [ctx.button("coach.menu.progress", "menu:progress")],
            ],
        )

    async def handle(self, event: Event, ctx: FlowContext) -> None:
        if isinstance(event, Command | Start | Resume):
            await self.enter(ctx)
            return
        if await payment_event(self.kit.subscriptions, event, ctx):
            return
        if isinstance(event, ButtonPress) and event.data in TARGETS:
            ctx.switch(TARGETS[event.data])
            return
        await self.enter(ctx)


class ProgressFlow:
    name = "progress"

    def __init__(self, kit: CoachKit) -> None:
        self.kit = kit

    async def enter(self, ctx: FlowContext) -> None:
        try:
            found = await progress(uow(ctx), ctx.clock, ctx.user.id)
        except CoachingError as error:
            ctx.send(refusal(ctx, error))
            return
        ctx.send(render_progress(ctx, found), [[ctx.button("coach.menu.back", "menu:back")]])

    async def handle(self, event: Event, ctx: FlowContext) -> None:
        if isinstance(event, Command | Start | Resume):
            await self.enter(ctx)
            return
        ctx.switch("menu")
