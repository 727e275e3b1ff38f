"""Asking the AI: questions in, answers out, failures free and retryable; ``/new``."""

from __future__ import annotations

import attrs

from sleeplab_core.assistant.flows.base import KEPT, RETRY, AssistantFlow
from sleeplab_core.assistant.model import Outcome
from sleeplab_core.assistant.service import Answer
from sleeplab_core.assistant.use_cases import ask
from sleeplab_core.conversation import Button, Event, FlowContext, Text
from sleeplab_core.llm.redaction import PersonalData


class Chat(AssistantFlow):
    name = "chat"
    commands = ("new",)

    async def enter(self, ctx: FlowContext) -> None:
        question = ctx.data.pop("question", None)
        first_name = ctx.data.pop("first_name", None)
        if isinstance(question, str):
            await self._ask(ctx, question, _personal(first_name))
        else:
            await self.show(ctx)

    async def show(self, ctx: FlowContext) -> None:
        ctx.send(ctx.t("assistant.chat.prompt"), [self._buttons(ctx)])

    async def handle(self, event: Event, ctx: FlowContext) -> None:
        if isinstance(event, Text):
            await self._ask(ctx, event.text, _personal(event.first_name))
        else:
            await super().handle(event, ctx)

    async def on_button(self, data: str, ctx: FlowContext) -> None:
        match data:
            case "chat:new":
                await self._start_over(ctx)
            case "chat:topup":
                kept = ctx.data.get(KEPT)
                ctx.switch("topup", **({KEPT: kept} if isinstance(kept, str) else {}))
            case _:
                await super().on_button(data, ctx)

    async def on_command(self, name: str, args: str, ctx: FlowContext) -> None:
        if name == "new":
            await self._start_over(ctx)
        else:
            await super().on_command(name, args, ctx)

    async def on_media(self, kind: str, ctx: FlowContext) -> None:
        preferences = await ctx.uow.assistant.preferences(ctx.user.id)
        answer = self.kit.assistant.refuse_media(ctx.user.id, preferences.conversation, kind)
        await ctx.uow.assistant.add(answer.entry)
        await self._show_answer(ctx, answer, "")

    async def _start_over(self, ctx: FlowContext) -> None:
        preferences = await ctx.uow.assistant.preferences(ctx.user.id)
        await ctx.uow.assistant.save_preferences(
            attrs.evolve(preferences, conversation=preferences.conversation + 1)
        )
        ctx.data.pop(KEPT, None)
        ctx.send(ctx.t("assistant.chat.started_over"), [self._buttons(ctx)])

    async def _ask(self, ctx: FlowContext, text: str, personal: PersonalData) -> None:
        answer = await ask(
            ctx.uow,
            ctx.clock,
            self.kit.assistant,
            self.kit.purchases,
            user_id=ctx.user.id,
            text=text,
            locale=ctx.locale,
            personal=personal,
        )
        await self._show_answer(ctx, answer, text)

    async def _show_answer(self, ctx: FlowContext, answer: Answer, text: str) -> None:
        if answer.outcome is Outcome.ANSWERED:
            ctx.data.pop(KEPT, None)
            body = f"{answer.text}\n\n{await self._left(ctx)}".rstrip()
            ctx.send(body, [self._buttons(ctx)], tag="answer")
            return
        notice = ctx.render(answer.notice) if answer.notice else ""
        rows: list[list[Button]] = []
        if answer.outcome is Outcome.FAILED:
            notice += "\n\n" + ctx.t("assistant.nothing_charged")
            if answer.retry:
                ctx.data[KEPT] = text
                rows.append([ctx.button("assistant.retry", RETRY)])
        elif answer.outcome is Outcome.NO_CREDITS:
            ctx.data[KEPT] = text
            rows.append([ctx.button("assistant.menu.topup", "chat:topup")])
        rows.append([self.menu_button(ctx)])
        ctx.send(notice, rows, tag="notice")

    async def _left(self, ctx: FlowContext) -> str:
        if await self.kit.purchases.subscribed(ctx.uow, ctx.user.id, ctx.clock.now()):
            return ""
        available = await self.kit.credits.available(ctx.user.id)
        return ctx.t("assistant.chat.left", available // self.kit.config.price_per_answer)

    def _buttons(self, ctx: FlowContext) -> list[Button]:
        return [ctx.button("assistant.chat.new", "chat:new"), self.menu_button(ctx)]


def _personal(first_name: object) -> PersonalData:
    """The user's first name, which only travels with the event: redacted, never stored."""
    names = [first_name] if isinstance(first_name, str) and first_name else []
    return PersonalData(names=names)
