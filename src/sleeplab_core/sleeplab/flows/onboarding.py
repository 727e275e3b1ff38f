"""``/start``: welcome, language, consent to process health data."""

from __future__ import annotations

from sleeplab_core.conversation import Button, FlowContext
from sleeplab_core.kernel.i18n import SUPPORTED_LOCALES
from sleeplab_core.kernel.users import Consent
from sleeplab_core.privacy import CONSENT_TEXT_VERSION
from sleeplab_core.sleeplab.flows.base import BaseFlow

LANGUAGE_NAMES = {"en": "English", "ru": "Русский"}


def language_buttons() -> list[list[Button]]:
    return [[Button(LANGUAGE_NAMES[loc], f"lang:{loc}") for loc in SUPPORTED_LOCALES]]


class Onboarding(BaseFlow):
    """Welcome → language → consent → the menu. A user who consented goes straight on."""

    name = "welcome"

    async def enter(self, ctx: FlowContext) -> None:
        if ctx.user.consent is not None:
            ctx.switch("menu")
            return
        ctx.data["step"] = "language"
        await self.show(ctx)

    async def show(self, ctx: FlowContext) -> None:
        if ctx.data.get("step") == "consent":
            ctx.send(
                ctx.t("sleeplab.consent.text", version=CONSENT_TEXT_VERSION),
                [
                    [ctx.button("sleeplab.consent.agree", "consent:yes")],
                    [ctx.button("sleeplab.consent.decline", "consent:no")],
                ],
            )
        else:
            ctx.send(ctx.t("sleeplab.welcome"), language_buttons())

    async def on_button(self, data: str, ctx: FlowContext) -> None:
        kind, _, value = data.partition(":")
        if kind == "lang" and value in SUPPORTED_LOCALES:
            ctx.update_user(locale=value)
            ctx.data["step"] = "consent"
            await self.show(ctx)
        elif kind == "consent" and value == "yes":
            ctx.update_user(consent=Consent(ctx.clock.now(), CONSENT_TEXT_VERSION))
            ctx.send(ctx.t("sleeplab.consent.thanks"), tag="notice")
            ctx.switch("menu")
        elif kind == "consent" and value == "no":
            ctx.send(
                ctx.t("sleeplab.consent.declined"),
                [[ctx.button("sleeplab.consent.agree", "consent:yes")]],
            )
        else:
            await super().on_button(data, ctx)


class Language(BaseFlow):
    """``/language``: pick the language, then back to the menu."""

    name = "language"

    async def show(self, ctx: FlowContext) -> None:
        ctx.send(ctx.t("sleeplab.language.choose"), language_buttons())

    async def on_button(self, data: str, ctx: FlowContext) -> None:
        kind, _, value = data.partition(":")
        if kind == "lang" and value in SUPPORTED_LOCALES:
            ctx.update_user(locale=value)
            ctx.switch("menu" if ctx.user.consent else "welcome")
        else:
            await super().on_button(data, ctx)
