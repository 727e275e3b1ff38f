"""A level's result: the short free result after L0, the diagnosis after L1 and L2."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from sleeplab_core.conversation import Attachment, Button, FlowContext, SendDocument
from sleeplab_core.kernel.i18n import Message
from sleeplab_core.questionnaires.runs import QuestionnaireRun, RunStatus
from sleeplab_core.sleeplab.delivery import (
    REPORT_TAG,
    awaiting_delivery,
    delivery_stuck,
    diagnosis_sent,
    due_at,
)
from sleeplab_core.sleeplab.flows.base import BaseFlow
from sleeplab_core.sleeplab.journey import LEVELS, next_level
from sleeplab_core.sleeplab.journey_jobs import INSTANT, DeliveryMode, JourneyJobs
from sleeplab_core.sleeplab.journey_reminders import report_opened
from sleeplab_core.sleeplab.report_number import report_file_name
from sleeplab_core.sleeplab.results import DiagnosisKit, diagnose
from sleeplab_core.sleeplab.short_result import ShortResultSet
from sleeplab_core.sleeplab.use_cases import request_report

MINUTES_PER_HOUR = 60


class Result(BaseFlow):
    name = "result"

    def __init__(self, short_results: Mapping[str, ShortResultSet], kit: DiagnosisKit) -> None:
        self._short = short_results
        self._kit = kit
        self._jobs = INSTANT

    def using(self, jobs: JourneyJobs) -> Result:
        """This flow delivering paid results as ``jobs`` says (instant or delayed)."""
        flow = copy.copy(self)
        flow._jobs = jobs
        return flow

    async def enter(self, ctx: FlowContext) -> None:
        completed = bool(ctx.data.pop("completed", False))
        delayed = completed and self._jobs.delivery is DeliveryMode.DELAYED
        if delayed and await self._schedule(ctx):
            return
        await self.show(ctx, with_documents=True)

    async def _schedule(self, ctx: FlowContext) -> bool:
        """Completion of a paid level with delayed delivery: the preface, and the job."""
        level = str(ctx.data.get("level", "L0"))
        run = await self._completed_run(ctx, level)
        if run is None or level in self._short:
            return False
        now = ctx.clock.now()
        run = await request_report(ctx.uow, ctx.clock, self._kit, ctx.user, run, self._jobs)
        due = due_at(run) or now
        text = preface(ctx, level, (due - now).total_seconds())
        ctx.send(text, self._buttons(ctx, level))
        return True

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
        now = ctx.clock.now()
        if awaiting_delivery(run) and not await delivery_stuck(ctx.uow, run, now):
            ctx.send(
                ctx.t("sleeplab_jobs.delivery.on_its_way", level=level), self._buttons(ctx, level)
            )
            return
        if diagnosis_sent(run):
            await report_opened(ctx.uow, ctx.user.id, run.id, now)
        run = await diagnose(ctx.uow, self._kit, ctx.user, run, now)
        summary = run.result["diagnosis"]
        ctx.send(self._diagnosis_text(ctx, level, summary), self._buttons(ctx, level))
        if with_documents:
            await self._send_documents(ctx, summary)

    async def report_actions(self, ctx: FlowContext, run: QuestionnaireRun) -> QuestionnaireRun:
        """The delivered report (outside a request): a notice, the diagnosis, the documents
        tagged ``report:<n>`` so the channel confirms each file. Diagnoses if not yet."""
        run = await diagnose(ctx.uow, self._kit, ctx.user, run, ctx.clock.now())
        summary = run.result["diagnosis"]
        text = self._diagnosis_text(ctx, run.level, summary)
        ctx.send(
            f"{ctx.t('sleeplab_jobs.delivery.ready', level=run.level)}\n\n{text}", tag=REPORT_TAG
        )
        await self._send_documents(ctx, summary, tagged=True)
        return run

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
                    "sleeplab.result.unscored",
                    instruments=", ".join(
                        ctx.t(f"sleeplab.report.instrument.{iid}")
                        for iid in sorted(summary["unscored"])
                    ),
                )
            )
        return "\n\n".join(parts)

    async def _send_documents(
        self, ctx: FlowContext, summary: Mapping[str, Any], *, tagged: bool = False
    ) -> None:
        documents = [(summary["report"], "sleeplab.result.report_caption")]
        documents += [(key, "sleeplab.result.guide_caption") for key in summary["guides"]]
        names = {}  # the report goes out under its short number, the guides as they are named
        if "number" in summary:
            names[summary["report"]] = report_file_name(summary["number"])
        for number, (key, caption) in enumerate(documents):
            name = names.get(key, key.rsplit("/", 1)[-1])
            path = await self._kit.store.locate(key)
            attachment = Attachment(key=key, filename=name, path=path)
            tag = f"{REPORT_TAG}:{number}" if tagged else None
            ctx.emit(SendDocument(attachment=attachment, caption=ctx.t(caption), tag=tag))

    def _buttons(self, ctx: FlowContext, level: str) -> list[list[Button]]:
        rows = []
        following = next_level(level)
        if following is not None:
            rows.append(
                [ctx.button("sleeplab.result.next", f"result:next:{following}", level=following)]
            )
        rows.append([ctx.button("sleeplab.menu.back", "result:menu")])
        return rows

    async def on_text(self, text: str, ctx: FlowContext) -> None:
        """A typed button label ("Back to the menu", "Go on to level L1") works like its button."""
        rows = self._buttons(ctx, str(ctx.data.get("level", "L0")))
        if not await self.press_typed(text, rows, ctx):
            await super().on_text(text, ctx)

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


def preface(ctx: FlowContext, level: str, seconds: float) -> str:
    """The preface naming the real wait: minutes under an hour, else hours (the due time
    may be later than the configured delay when it falls into the quiet hours)."""
    minutes = max(1, round(seconds / 60))
    if minutes < MINUTES_PER_HOUR:
        return ctx.t("sleeplab_jobs.delivery.preface_minutes", minutes, level=level)
    hours = max(1, round(minutes / MINUTES_PER_HOUR))
    return ctx.t("sleeplab_jobs.delivery.preface", hours, level=level)
