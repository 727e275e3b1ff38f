"""``/start``: registration (name, phone, city, an optional e-mail), deep links (referral,
family), then the menu.

The player is registered once the city is given; the e-mail step after it may be skipped
(the button, or typing "skip" / "пропустить") and its address is checked as ``/email`` does.
"""

from __future__ import annotations

import logging

from sleeplab_core.bots.steps.flows.base import StepsFlow
from sleeplab_core.conversation import FlowContext
from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.rewards.errors import FamilyRefused, RewardsNotFound
from sleeplab_core.rewards.use_cases.families import join_family
from sleeplab_core.rewards.use_cases.register_player import Registration, register_player
from sleeplab_core.rewards.use_cases.set_email import set_email

log = logging.getLogger(__name__)

FAMILY_PREFIX = "fam_"
REFERRAL_PREFIX = "ref_"
MAX_NAME = 64
SKIP_EMAIL = "register:skip_email"
SKIP_WORDS = frozenset({"skip", "пропустить"})
"""Typed instead of an e-mail, in any locale (the button's label is accepted too)."""


class StartFlow(StepsFlow):
    name = "start"

    async def enter(self, ctx: FlowContext) -> None:
        payload = ctx.data.get("payload") or ""
        if await self.kit.profile(ctx) is not None:
            await self._follow_link(payload, ctx)
            ctx.switch("menu")
            return
        ctx.data.update(step="name", payload=payload)
        ctx.send(await self.kit.text(ctx, "start_welcome"), tag="notice")
        await self.show(ctx)

    async def show(self, ctx: FlowContext) -> None:
        if ctx.data.get("step") == "email":
            ctx.send(ctx.t("steps.email.ask"), [[ctx.button("steps.email.skip", SKIP_EMAIL)]])
            return
        ctx.send(ctx.t(f"steps.register.ask_{ctx.data.get('step', 'name')}"))

    async def on_button(self, data: str, ctx: FlowContext) -> None:
        if data == SKIP_EMAIL and ctx.data.get("step") == "email":
            await self._finish(ctx)
            return
        await super().on_button(data, ctx)

    async def on_text(self, text: str, ctx: FlowContext) -> None:
        step = ctx.data.get("step")
        if step == "name":
            await self._name(text, ctx)
        elif step == "phone":
            await self._phone(text, ctx)
        elif step == "city":
            await self._city(text, ctx)
        elif step == "email":
            await self._email(text, ctx)
        else:
            await self.show(ctx)

    async def _name(self, text: str, ctx: FlowContext) -> None:
        if not text or len(text) > MAX_NAME:
            ctx.send(ctx.t("steps.register.name_invalid", limit=MAX_NAME), tag="notice")
            await self.show(ctx)
            return
        ctx.data.update(step="phone", name=text)
        await self.show(ctx)

    async def _phone(self, text: str, ctx: FlowContext) -> None:
        phone = self.kit.phones.normalise(text)
        if phone is None:
            log.info("steps: a phone number was refused")
            ctx.send(ctx.t("steps.register.phone_invalid"), tag="notice")
            await self.show(ctx)
            return
        ctx.data.update(step="city", phone=phone)
        await self.show(ctx)

    async def _city(self, text: str, ctx: FlowContext) -> None:
        if not text or len(text) > MAX_NAME:
            ctx.send(ctx.t("steps.register.city_invalid"), tag="notice")
            await self.show(ctx)
            return
        payload = str(ctx.data.get("payload") or "")
        code = payload[len(REFERRAL_PREFIX) :] if payload.startswith(REFERRAL_PREFIX) else None
        registration = Registration(
            ctx.user.id,
            str(ctx.data["name"]),
            str(ctx.data["phone"]),
            city=text,
            referral_code=code,
        )
        registered = await register_player(self.kit.uow(ctx), self.kit.clock, registration)
        if registered.referral_refused:
            log.info("steps: referral not applied (%s)", registered.referral_refused)
        ctx.data.update(step="email")
        await self.show(ctx)

    async def _email(self, text: str, ctx: FlowContext) -> None:
        typed = text.casefold()
        if typed in SKIP_WORDS or typed == ctx.t("steps.email.skip").casefold():
            await self._finish(ctx)
            return
        try:
            profile = await set_email(self.kit.uow(ctx), ctx.user.id, text)
        except ValidationFailed:
            log.info("steps: an e-mail address was refused")
            ctx.send(ctx.t("steps.email.invalid"), tag="notice")
            await self.show(ctx)
            return
        except RewardsNotFound:  # erased meanwhile: register again
            await self.enter(ctx)
            return
        ctx.send(ctx.t("steps.email.saved", email=profile.email), tag="notice")
        await self._finish(ctx)

    async def _finish(self, ctx: FlowContext) -> None:
        profile = await self.kit.profile(ctx)
        if profile is None:
            await self.enter(ctx)
            return
        ctx.send(ctx.t("steps.register.done", name=profile.name), tag="notice")
        await self._follow_link(str(ctx.data.get("payload") or ""), ctx)
        ctx.switch("menu")

    async def _follow_link(self, payload: str, ctx: FlowContext) -> None:
        if not payload.startswith(FAMILY_PREFIX):
            return
        code = payload[len(FAMILY_PREFIX) :]
        try:
            family = await join_family(self.kit.uow(ctx), self.kit.rules, ctx.user.id, code)
        except RewardsNotFound:
            ctx.send(ctx.t("steps.family.unknown_code"), tag="notice")
        except FamilyRefused as refused:
            ctx.send(ctx.t(f"steps.family.refused.{refused.code}"), tag="notice")
        else:
            ctx.send(ctx.t("steps.family.joined", name=family.name), tag="notice")
            await self.kit.keep_split_scheduled(ctx)
