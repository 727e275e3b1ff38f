"""My points: the balance and the last walks with their breakdown."""

from __future__ import annotations

from sleeplab_core.bots.steps.flows.base import StepsFlow
from sleeplab_core.bots.steps.kit import per_mille, tenths
from sleeplab_core.conversation import FlowContext
from sleeplab_core.rewards.model import Walk, WalkStatus

SHOWN_WALKS = 5


class PointsFlow(StepsFlow):
    name = "points"

    async def show(self, ctx: FlowContext) -> None:
        async with self.kit.uow(ctx)() as unit:
            walks = await unit.rewards.walks.for_user(ctx.user.id)
        lines = [ctx.t("steps.points.balance", balance=await self.kit.balance(ctx))]
        recent = walks[-SHOWN_WALKS:][::-1]
        lines += [self._line(ctx, walk) for walk in recent] or [ctx.t("steps.points.no_walks")]
        ctx.send("\n".join(lines), [self.home(ctx)])

    def _line(self, ctx: FlowContext, walk: Walk) -> str:
        if walk.status is WalkStatus.REFUSED:
            return ctx.t("steps.points.walk_refused", day=walk.local_day.isoformat())
        temperature = walk.weather.temperature_tenths
        return ctx.t(
            "steps.points.walk",
            day=walk.local_day.isoformat(),
            steps=walk.steps,
            temperature="?" if temperature is None else tenths(temperature),
            coefficient=per_mille(walk.coefficient_per_mille),
            points=walk.points,
        )
