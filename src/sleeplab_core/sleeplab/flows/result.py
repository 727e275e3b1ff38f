"""A level's result: the short free result after L0, the diagnosis after L1 and L2."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sleeplab_core.conversation import Attachment, Button, FlowContext, SendDocument
from sleeplab_core.kernel.i18n import Message
from sleeplab_core.sleeplab.flows.base import BaseFlow
from sleeplab_core.sleeplab.journey import LEVELS, next_level
from sleeplab_core.sleeplab.results import DiagnosisKit, diagnose
from sleeplab_core.sleeplab.runs import QuestionnaireRun, RunStatus
from sleeplab_core.sleeplab.short_result import ShortResultSet


class Result(BaseFlow):
    name = "result"

    def __init__(self, short_results: Mapping[str, ShortResultSet], kit: DiagnosisKit) -> None:
        self._short = short_results
        self._kit = kit

    async def enter(self, ctx: FlowContext) -> None:
        await self.show(ctx, with_documents=True)

    async def show(self, ctx: FlowContext, *, with_documents: bool = False) -> None:
        level = str(ctx.data.get("level", "L0"))
        run = await self._completed_run(ctx, level)
        if run is None:
            ctx.switch("menu")
            return
        if level in self._short:
            env = dict(run.result.get("environment", {}))
            ctx.send(self._short[level].render(env, ctx.locale), self._buttons(ctx, level))
            return
        run = await diagnose(ctx.uow, self._kit, ctx.user, run, ctx.clock.now())
        summary = run.result["diagnosis"]
        ctx.send(self._diagnosis_text(ctx, level, summary), self._buttons(ctx, level))
        if with_documents:
            await self._send_documents(ctx, summary)

    def _diagnosis_text(self, ctx: FlowContext, level: str, summary: Mapping[str, Any]) -> str:
        parts = [ctx.t("sleeplab.result.title", level=level)]
        outcomes = summary["outcomes"]
        urgent = [o for o in outcomes if o["red_flag"]]
        if urgent:
            parts.append(ctx.t("sleeplab.result.urgent"))
        for outcome in urgent + [o for o in outcomes if not o["red_flag"]]:
            title = ctx.render(_message(outcome["title"]))
            parts.append(f"{title}\n{ctx.render(_message(outcome['explanation']))}")
        if summary.get("unscored"):
            parts.append(
                ctx.t(
                    "sleeplab.result.unscored", instruments=", ".join(sorted(summary["unscored"]))
                )
            )
        return "\n\n".join(parts)

    async def _send_documents(self, ctx: FlowContext, summary: Mapping[str, Any]) -> None:
        documents = [(summary["report"], "sleeplab.result.report_caption")]
        documents += [(key, "sleeplab.result.guide_caption") for key in summary["guides"]]
        for key, caption in documents:
            attachment = Attachment(
                key=key, filename=key.rsplit("/", 1)[-1], path=await self._kit.store.locate(key)
            )
            ctx.emit(SendDocument(attachment=attachment, caption=ctx.t(caption)))

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


def _message(stored: Mapping[str, Any]) -> Message:
    return Message(stored["key"], dict(stored.get("params", {})))
