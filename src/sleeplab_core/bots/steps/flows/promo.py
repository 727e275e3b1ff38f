"""``promo_intro``: type a promo code from a promo group, get its bonus points."""

from __future__ import annotations

from typing import cast

from sleeplab_core.bots.steps.flows.base import StepsFlow
from sleeplab_core.conversation import FlowContext
from sleeplab_core.promo.errors import PromoError
from sleeplab_core.rewards.use_cases.redeem_bonus_code import (
    PromoUnitOfWork,
    redeem_bonus_code,
)
from sleeplab_core.storage.joined import JoinedUnitOfWork

MAX_CODE = 64


class PromoFlow(StepsFlow):
    name = "promo"

    async def show(self, ctx: FlowContext) -> None:
        ctx.send(await self.kit.text(ctx, "promo_intro"), [self.home(ctx)])

    async def on_text(self, text: str, ctx: FlowContext) -> None:
        try:
            points = await redeem_bonus_code(
                lambda: cast(PromoUnitOfWork, JoinedUnitOfWork(ctx.uow)),
                self.kit.ledger,
                self.kit.clock,
                self.kit.rules,
                ctx.user.id,
                text[:MAX_CODE],
            )
        except PromoError as refused:
            ctx.send(ctx.render(refused.message), tag="notice")
            await self.show(ctx)
            return
        ctx.send(ctx.t("steps.promo.credited", points=points), [self.home(ctx)])
