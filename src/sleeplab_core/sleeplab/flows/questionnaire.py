"""A level's questions, one screen at a time, checkpointed after every answer."""

from __future__ import annotations

import copy
from typing import Any

from sleeplab_core.conversation import Button, FlowContext
from sleeplab_core.questionnaires import (
    QuestionnaireLibrary,
    RenderedQuestion,
    RunState,
    current_question,
    render_question,
)
from sleeplab_core.questionnaires.engine import Rejected
from sleeplab_core.questionnaires.runs import QuestionnaireRun, RunStatus
from sleeplab_core.questionnaires.use_cases import abandon_run, go_back
from sleeplab_core.sleeplab.flows.base import BaseFlow, label_key
from sleeplab_core.sleeplab.journey_jobs import INSTANT, JourneyJobs
from sleeplab_core.sleeplab.profile import engine_profile
from sleeplab_core.sleeplab.use_cases import answer_question, finish_level, open_level

ANSWER = "a"
TOGGLE = "m"
DONE = "d"
KEEPABLE = frozenset({"time", "integer", "decimal"})
"""Typed answers whose earlier value a button can give back as it was typed."""
RESTART_YES = "restart:yes"
RESTART_NO = "restart:no"


class QuestionnaireFlow(BaseFlow):
    """Asks the questions of ``ctx.data["level"]``; resumes the user's unfinished run."""

    name = "questionnaire"

    def __init__(self, library: QuestionnaireLibrary, questionnaire: str = "sleeplab") -> None:
        self._library = library
        self._questionnaire = questionnaire
        self._jobs = INSTANT

    def using(self, jobs: JourneyJobs) -> QuestionnaireFlow:
        """This flow arming reminders as ``jobs`` says."""
        flow = copy.copy(self)
        flow._jobs = jobs
        return flow

    async def enter(self, ctx: FlowContext) -> None:
        if ctx.user.consent is None:
            ctx.switch("welcome")
            return
        level = str(ctx.data.get("level", "L0"))
        opened = await open_level(
            ctx.uow,
            ctx.clock,
            self._library,
            user_id=ctx.user.id,
            level=level,
            questionnaire=self._questionnaire,
        )
        for step in opened.reached:
            ctx.reach(step)
        ctx.data["run"] = opened.run.id
        await self.show(ctx)

    async def show(self, ctx: FlowContext) -> None:
        run, state = await self._load(ctx)
        if run is None or state is None:
            ctx.switch("menu")
            return
        await self._show(ctx, run, state)

    async def _show(self, ctx: FlowContext, run: QuestionnaireRun, state: RunState) -> None:
        """Show the current question of ``state`` (already loaded: no second read)."""
        definition = self._library.for_state(state)
        profile = engine_profile(ctx.user, ctx.clock.now())
        question = render_question(definition, state, profile, ctx.locale, ctx.catalog)
        if question is None:  # finished but not closed (a crash between the two): close it
            await self._finish(ctx, run, state, profile)
            return
        ctx.send(self._text(ctx, question), self._buttons(ctx, question))

    async def on_button(self, data: str, ctx: FlowContext) -> None:
        if data in (RESTART_YES, RESTART_NO):
            await self._confirm_restart(ctx, data == RESTART_YES)
            return
        kind, _, rest = data.partition(":")
        question_id, _, value = rest.partition(":")
        run, state = await self._load(ctx)
        if run is None or state is None or kind not in (ANSWER, TOGGLE, DONE):
            await super().on_button(data, ctx)
            return
        definition = self._library.for_state(state)
        profile = engine_profile(ctx.user, ctx.clock.now())
        question = current_question(definition, state, profile)
        if question is None or question.id != question_id:
            await super().on_button(data, ctx)  # a button of an earlier question
            return
        if kind == TOGGLE:
            picked = list(ctx.data.get("picked", []))
            picked.remove(value) if value in picked else picked.append(value)
            ctx.data["picked"] = picked
            await self.show(ctx)
        elif kind == DONE:
            await self._answer(ctx, run, state, list(ctx.data.get("picked", [])))
        else:
            await self._answer(ctx, run, state, value)

    async def on_text(self, text: str, ctx: FlowContext) -> None:
        run, state = await self._load(ctx)
        if run is None or state is None:
            ctx.switch("menu")
            return
        question = render_question(
            self._library.for_state(state),
            state,
            engine_profile(ctx.user, ctx.clock.now()),
            ctx.locale,
            ctx.catalog,
        )
        if question is not None and await self._typed_label(ctx, question, text):
            return
        await self._answer(ctx, run, state, text)

    async def _typed_label(self, ctx: FlowContext, question: RenderedQuestion, text: str) -> bool:
        """A typed "Done", "Back" or (several answers) option label works like its button."""
        typed = label_key(text)
        if typed == label_key(ctx.t("sleeplab.questionnaire.back")) and question.number > 1:
            await self.on_command("back", "", ctx)
            return True
        if question.type != "multiple":
            return False  # single answers take typed labels already
        rows = self._buttons(ctx, question)
        return await self.press_typed(text, rows, ctx)

    async def on_command(self, name: str, args: str, ctx: FlowContext) -> None:
        run, state = await self._load(ctx)
        if name == "back" and run is not None and state is not None:
            definition = self._library.for_state(state)
            profile = engine_profile(ctx.user, ctx.clock.now())
            outcome = await go_back(ctx.uow, ctx.clock, definition, run, profile)
            if isinstance(outcome, Rejected):
                ctx.send(ctx.render(outcome.reason), tag="notice")
            await self.show(ctx)
        elif name == "restart" and run is not None and state is not None:
            if state.path:  # answers would be lost: ask first
                self._ask_restart(ctx, len(state.path))
            else:
                await self._restart(ctx, run)
        else:
            await super().on_command(name, args, ctx)

    def _ask_restart(self, ctx: FlowContext, answered: int) -> None:
        ctx.send(
            ctx.t("sleeplab.questionnaire.restart_confirm", answered, level=ctx.data.get("level")),
            [
                [ctx.button("sleeplab.questionnaire.restart_yes", RESTART_YES)],
                [ctx.button("sleeplab.questionnaire.restart_no", RESTART_NO)],
            ],
        )

    async def _confirm_restart(self, ctx: FlowContext, confirmed: bool) -> None:
        run, _ = await self._load(ctx)
        if run is None:
            await super().on_button(RESTART_YES, ctx)  # a stale confirmation
        elif confirmed:
            await self._restart(ctx, run)
        else:
            ctx.send(ctx.t("sleeplab.questionnaire.restart_kept"), tag="notice")
            await self.show(ctx)

    async def _restart(self, ctx: FlowContext, run: QuestionnaireRun) -> None:
        await abandon_run(ctx.uow, ctx.clock, run)
        ctx.send(ctx.t("sleeplab.questionnaire.restarted"), tag="notice")
        await self.enter(ctx)

    async def _answer(
        self, ctx: FlowContext, run: QuestionnaireRun, state: RunState, raw: str | list[str]
    ) -> None:
        outcome = await answer_question(
            ctx.uow,
            ctx.clock,
            self._library,
            ctx.user,
            run,
            raw,
            locale=ctx.locale,
            jobs=self._jobs,
        )
        if isinstance(outcome, Rejected):
            ctx.send(ctx.render(outcome.reason), tag="notice")
            await self._show(ctx, run, state)
            return
        ctx.data.pop("picked", None)
        if outcome.user_changes:
            ctx.update_user(**outcome.user_changes)
        for step in outcome.reached:
            ctx.reach(step)
        if outcome.finished:
            self._to_result(ctx, outcome.run)
            return
        await self._show(ctx, outcome.run, outcome.state)

    async def _finish(
        self, ctx: FlowContext, run: QuestionnaireRun, state: RunState, profile: dict[str, object]
    ) -> None:
        definition = self._library.for_state(state)
        await finish_level(ctx.uow, ctx.clock, run, definition, state, profile, self._jobs)
        ctx.reach(f"{run.level}:finished")
        self._to_result(ctx, run)

    def _to_result(self, ctx: FlowContext, run: QuestionnaireRun) -> None:
        # ``completed`` tells the result flow this is the moment of completion (delivery).
        ctx.switch("result", level=run.level, run=run.id, completed=True)

    async def _load(self, ctx: FlowContext) -> tuple[QuestionnaireRun | None, RunState | None]:
        run_id = ctx.data.get("run")
        run = await ctx.uow.runs.get(str(run_id)) if run_id else None
        if run is None or run.user_id != ctx.user.id or run.status is not RunStatus.IN_PROGRESS:
            return None, None
        return run, RunState.model_validate(run.state)

    def _text(self, ctx: FlowContext, question: RenderedQuestion) -> str:
        head = question.progress_text
        if question.block_title:
            head = f"{question.block_title} · {head}"
        parts = [head, question.text]
        # A question's own hint already gives examples in its unit: the generic format
        # hint would repeat it (and may name an example the question does not accept).
        own_examples = question.hint and question.type in ("duration", "time")
        input_hint = None if own_examples else question.input_hint
        parts += [text for text in (question.hint, input_hint) if text]
        if question.type == "multiple":
            parts.append(ctx.t("sleeplab.questionnaire.pick_many"))
        if question.default_label and question.type not in ("single", "multiple", "yes_no"):
            parts.append(ctx.t("questionnaire.default_answer", answer=question.default_label))
        return "\n\n".join(parts)

    def _buttons(self, ctx: FlowContext, question: RenderedQuestion) -> list[list[Button]]:
        rows: list[list[Button]] = []
        picked = set(ctx.data.get("picked") or _default_list(question.default))
        if question.type == "multiple":
            ctx.data["picked"] = sorted(picked)
        for option in question.options:
            if question.type == "multiple":
                mark = "✓ " if option.value in picked else ""
                rows.append([Button(mark + option.label, f"{TOGGLE}:{question.id}:{option.value}")])
            else:
                mark = "• " if option.value == question.default else ""
                rows.append([Button(mark + option.label, f"{ANSWER}:{question.id}:{option.value}")])
        if question.type == "multiple":
            rows.append([Button(ctx.t("sleeplab.questionnaire.done"), f"{DONE}:{question.id}:")])
        if question.default_label and question.type in KEEPABLE:
            keep = ctx.t("sleeplab.questionnaire.keep", answer=question.default_label)
            rows.append([Button(keep, f"{ANSWER}:{question.id}:{question.default}")])
        if question.number > 1:
            rows.append([Button(ctx.t("sleeplab.questionnaire.back"), "cmd:back")])
        return rows


def _default_list(default: Any) -> list[str]:
    return [str(v) for v in default] if isinstance(default, list | tuple) else []
