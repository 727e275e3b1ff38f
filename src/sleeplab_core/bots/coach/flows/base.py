"""What every coach flow does the same way: commands re-enter, payments are answered, and
the buttons of reminders and menus work whichever flow is active."""

from __future__ import annotations

from sleeplab_core.bots.coach.kit import CoachKit, refusal, uow
from sleeplab_core.bots.coach.paywall import payment_event
from sleeplab_core.coaching.errors import CoachingError
from sleeplab_core.coaching.use_cases.remind import GOAL_NUDGE_JOB_KIND, REMIND_JOB_KIND
from sleeplab_core.coaching.use_cases.snooze import snooze_reminder
from sleeplab_core.conversation import (
    ButtonPress,
    Command,
    Event,
    FlowContext,
    Location,
    Resume,
    Start,
)
from sleeplab_core.jobs.quiet_hours import zone

#: Buttons that open a flow from anywhere (menus, reminders, progress screens).
JUMPS = {
    "menu:checkin": "checkin",
    "menu:goal": "new_goal",
    "menu:progress": "progress",
    "menu:goals": "goals",
    "menu:back": "menu",
}
SNOOZE = "coach:snooze"
#: The snooze of a nudge about goals without updates (comes back as that nudge).
SNOOZE_GOALS = "coach:snooze:goals"


class CoachFlow:
    """Routes what every flow shares, then hands the event to :meth:`on_event`."""

    name = "base"
    #: Whether a shared location is an answer here (the time-zone questions); elsewhere it
    #: gets "not supported", and a live location's updates are always dropped silently.
    takes_locations = False

    def __init__(self, kit: CoachKit) -> None:
        self.kit = kit

    async def enter(self, ctx: FlowContext) -> None:
        """Show the flow's first screen."""

    async def handle(self, event: Event, ctx: FlowContext) -> None:
        if isinstance(event, Start | Resume):
            await self.enter(ctx)
        elif isinstance(event, Command):
            # Not one of the bot's commands (those open their flow before reaching here): a
            # typo must not throw away what the user has answered so far.
            ctx.send(ctx.t("conversation.unknown_command", command=event.name), tag="notice")
            await self.show_again(ctx)
        elif await payment_event(self.kit.subscriptions, event, ctx):
            return
        elif isinstance(event, Location) and (event.edited or not self.takes_locations):
            if not event.edited:
                ctx.send(ctx.t("conversation.unsupported"), tag="notice")
        elif isinstance(event, ButtonPress) and event.data in JUMPS:
            ctx.switch(JUMPS[event.data])
        elif isinstance(event, ButtonPress) and event.data == SNOOZE:
            await self._snooze(ctx)
        elif isinstance(event, ButtonPress) and event.data == SNOOZE_GOALS:
            await self._snooze(ctx, GOAL_NUDGE_JOB_KIND)
        else:
            await self.on_event(event, ctx)

    async def on_event(self, event: Event, ctx: FlowContext) -> None:
        await self.enter(ctx)

    async def show_again(self, ctx: FlowContext) -> None:
        """The current screen once more, keeping the flow's state (after a stray command)."""
        await self.enter(ctx)

    async def _snooze(self, ctx: FlowContext, kind: str = REMIND_JOB_KIND) -> None:
        try:
            back = await snooze_reminder(uow(ctx), ctx.clock, ctx.user.id, kind)
        except CoachingError as error:
            ctx.send(refusal(ctx, error), tag="notice")
            return
        local = back.astimezone(zone(ctx.user.time_zone)).strftime("%H:%M")
        ctx.send(ctx.t("coach.reminder.snoozed", at=local), tag="notice")
