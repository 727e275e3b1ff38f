"""``/settings``: the language and how long answers should be."""

from __future__ import annotations

import attrs

from sleeplab_core.assistant.flows.base import AssistantFlow
from sleeplab_core.assistant.model import AnswerLength
from sleeplab_core.conversation import Button, FlowContext
from sleeplab_core.kernel.i18n import SUPPORTED_LOCALES

LANGUAGE_NAMES = {"en": "English", "ru": "Русский"}


class Settings(AssistantFlow):
    name = "settings"
    commands = ("settings", "language")

    async def show(self, ctx: FlowContext) -> None:
        preferences = await ctx.uow.assistant.preferences(ctx.user.id)
        length = ctx.t(f"assistant.length.{preferences.answer_length.value}")
        text = ctx.t(
            "assistant.settings.title",
            language=LANGUAGE_NAMES.get(ctx.locale, ctx.locale),
            length=length,
        )
        languages = [Button(LANGUAGE_NAMES[loc], f"set:lang:{loc}") for loc in SUPPORTED_LOCALES]
        lengths = [
            ctx.button(f"assistant.length.{choice.value}", f"set:len:{choice.value}")
            for choice in AnswerLength
        ]
        ctx.send(text, [languages, lengths, [self.menu_button(ctx)]])

    async def on_button(self, data: str, ctx: FlowContext) -> None:
        value = data.split(":", 2)[-1]
        if data.startswith("set:lang:") and value in SUPPORTED_LOCALES:
            ctx.update_user(locale=value)
        elif data.startswith("set:len:") and value in set(AnswerLength):
            preferences = await ctx.uow.assistant.preferences(ctx.user.id)
            changed = attrs.evolve(preferences, answer_length=AnswerLength(value))
            await ctx.uow.assistant.save_preferences(changed)
        else:
            await super().on_button(data, ctx)
            return
        ctx.send(ctx.t("assistant.settings.saved"), tag="notice")
        await self.show(ctx)
