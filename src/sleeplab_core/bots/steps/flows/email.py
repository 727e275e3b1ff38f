"""``/email``: the player's optional e-mail — give one, change it, remove it, or skip."""

from __future__ import annotations

import logging

from sleeplab_core.bots.steps.flows.base import StepsFlow
from sleeplab_core.conversation import FlowContext
from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.rewards.errors import RewardsNotFound
from sleeplab_core.rewards.use_cases.set_email import set_email

log = logging.getLogger(__name__)


class EmailFlow(StepsFlow):
    name = "email"

    async def show(self, ctx: FlowContext) -> None:
        profile = await self.kit.profile(ctx)
        if profile is None:
            ctx.switch("start")
            return
        rows = [[ctx.button("steps.email.skip", "email:skip")]]
        if profile.email:
            text = ctx.t("steps.email.current", email=profile.email)
            rows.insert(0, [ctx.button("steps.email.remove", "email:remove")])
        else:
            text = ctx.t("steps.email.ask")
        ctx.send(text, [*rows, self.home(ctx)])

    async def on_button(self, data: str, ctx: FlowContext) -> None:
        if data == "email:skip":
            ctx.switch("menu")
        elif data == "email:remove":
            await self._save(None, ctx)
        else:
            await super().on_button(data, ctx)

    async def on_text(self, text: str, ctx: FlowContext) -> None:
        await self._save(text, ctx)

    async def _save(self, text: str | None, ctx: FlowContext) -> None:
        try:
            profile = await set_email(self.kit.uow(ctx), ctx.user.id, text)
        except ValidationFailed:
            log.info("steps: an e-mail address was refused")
            ctx.send(ctx.t("steps.email.invalid"), tag="notice")
            await self.show(ctx)
            return
        except RewardsNotFound:
            ctx.switch("start")
            return
        if profile.email:
            ctx.send(ctx.t("steps.email.saved", email=profile.email), tag="notice")
        else:
            ctx.send(ctx.t("steps.email.removed"), tag="notice")
        ctx.switch("menu")
