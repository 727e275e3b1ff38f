"""A level's result: the short free result after L0, the diagnosis after L1 and L2."""

from __future__ import annotations

from collections.abc import Mapping

from sleeplab_core.conversation import Button, FlowContext
from sleeplab_core.sleeplab.flows.base import BaseFlow
from sleeplab_core.sleeplab.journey import LEVELS, next_level
from sleeplab_core.sleeplab.runs import QuestionnaireRun, RunStatus
from sleeplab_core.sleeplab.short_result import ShortResultSet


class Result(BaseFlow):
    name = "result"

    def __init__(self, short_results: Mapping[str, ShortResultSet]) -> None:
        self._short = short_results

    async def show(self, ctx: FlowContext) -> None:
        level = str(ctx.data.get("level", "L0"))
        run = await self._completed_run(ctx, level)
        if run is None:
            ctx.switch("menu")
            return
        env = dict(run.result.get("environment", {}))
        short = self._short.get(level)
        text = short.render(env, ctx.locale) if short else ctx.t("sleeplab.result.saved")
        ctx.send(text, self._buttons(ctx, level))

    def _buttons(self, ctx: FlowContext, level: str) -> list[list[Button]]:
        rows = []
        following = next_level(level)
        if following is not None:
            rows.append(
                [ctx.button("sleeplab.result.next", f"result:next:{following}", level=following)]
            )
        rows.append([ctx.button("sleeplab.menu.back", "result:menu")])
        return rows

    async def on_button(self, data: str, ctx: FlowContext) -> None:
        parts = data.split(":")
        if parts == ["result", "menu"]:
            ctx.switch("menu")
        elif parts[:2] == ["result", "next"] and len(parts) == 3 and parts[2] in LEVELS:
            ctx.switch("menu", open=parts[2])
        else:
            await super().on_button(data, ctx)

    async def _completed_run(self, ctx: FlowContext, level: str) -> QuestionnaireRun | None:
        run_id = ctx.data.get("run")
        run = await ctx.uow.runs.get(str(run_id)) if run_id else None
        if run is None or run.user_id != ctx.user.id or run.level != level:
            runs = [
                r
                for r in await ctx.uow.runs.for_user(ctx.user.id)
                if r.level == level and r.status is RunStatus.COMPLETED
            ]
            run = runs[-1] if runs else None
        if run is None or run.status is not RunStatus.COMPLETED:
            return None
        ctx.data["run"] = run.id
        return run
