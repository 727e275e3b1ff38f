"""``/goals``: the user's goals with their status; pause, resume, complete or archive one."""

from __future__ import annotations

from sleeplab_core.bots.coach.flows.base import CoachFlow
from sleeplab_core.bots.coach.kit import refusal, uow
from sleeplab_core.coaching.errors import CoachingError
from sleeplab_core.coaching.model import GoalStatus
from sleeplab_core.coaching.use_cases.goals import set_goal_status
from sleeplab_core.conversation import Button, ButtonPress, Event, FlowContext

#: What each status allows: (button text key, new status).
ACTIONS: dict[GoalStatus, tuple[tuple[str, GoalStatus], ...]] = {
    GoalStatus.ACTIVE: (
        ("coach.goals.pause", GoalStatus.PAUSED),
        ("coach.goals.complete", GoalStatus.COMPLETED),
        ("coach.goals.archive", GoalStatus.ARCHIVED),
    ),
    GoalStatus.PAUSED: (
        ("coach.goals.resume", GoalStatus.ACTIVE),
        ("coach.goals.archive", GoalStatus.ARCHIVED),
    ),
    GoalStatus.COMPLETED: (("coach.goals.archive", GoalStatus.ARCHIVED),),
    GoalStatus.ARCHIVED: (("coach.goals.resume", GoalStatus.ACTIVE),),
}


class GoalList(CoachFlow):
    name = "goals"

    async def enter(self, ctx: FlowContext) -> None:
        goals = await uow(ctx).coaching.goals(ctx.user.id)
        ctx.data["ids"] = [goal.id for goal in goals]
        ctx.data.pop("chosen", None)
        rows = [
            [
                ctx.button(
                    "coach.goals.item",
                    f"gl:{n}",
                    title=goal.title[:40],
                    status=ctx.t(f"coach.goals.status.{goal.status.value}"),
                )
            ]
            for n, goal in enumerate(goals)
        ]
        rows.append([ctx.button("coach.menu.goal", "menu:goal")])
        rows.append([ctx.button("coach.menu.back", "menu:back")])
        ctx.send(ctx.t("coach.goals.title" if goals else "coach.checkin.no_goals"), rows)

    async def on_event(self, event: Event, ctx: FlowContext) -> None:
        data = event.data if isinstance(event, ButtonPress) else ""
        ids: list[str] = ctx.data.get("ids", [])
        if data.startswith("gl:") and data[3:].isdigit() and int(data[3:]) < len(ids):
            await self._choose(ctx, ids[int(data[3:])])
        elif data.startswith("gs:") and "chosen" in ctx.data:
            await self._change(ctx, data[3:])
        else:
            await self.enter(ctx)

    async def _choose(self, ctx: FlowContext, goal_id: str) -> None:
        goal = await uow(ctx).coaching.goal(ctx.user.id, goal_id)
        if goal is None:
            await self.enter(ctx)
            return
        ctx.data["chosen"] = goal.id
        rows = [[ctx.button(key, f"gs:{status.value}")] for key, status in ACTIONS[goal.status]]
        rows.append([Button(ctx.t("coach.menu.back"), "gl:back")])
        status = ctx.t(f"coach.goals.status.{goal.status.value}")
        ctx.send(ctx.t("coach.goals.one", title=goal.title, status=status), rows)

    async def _change(self, ctx: FlowContext, value: str) -> None:
        if value not in {status.value for status in GoalStatus}:
            await self.enter(ctx)
            return
        try:
            goal = await set_goal_status(
                uow(ctx), ctx.clock, ctx.user.id, ctx.data["chosen"], GoalStatus(value)
            )
        except CoachingError as error:
            ctx.send(refusal(ctx, error), tag="notice")
            return
        status = ctx.t(f"coach.goals.status.{goal.status.value}")
        ctx.send(ctx.t("coach.goals.changed", title=goal.title, status=status), tag="notice")
        await self.enter(ctx)
