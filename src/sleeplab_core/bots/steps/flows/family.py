"""Families: create one, share its invite link, join by code, leave."""

from __future__ import annotations

import re

from sleeplab_core.bots.steps.flows.base import StepsFlow
from sleeplab_core.conversation import FlowContext
from sleeplab_core.rewards.errors import FamilyRefused, RewardsNotFound
from sleeplab_core.rewards.use_cases.families import create_family, join_family, leave_family

CODE = re.compile(r"^(?:fam_)?([0-9a-f]{6,32})$")
MAX_NAME = 64


class FamilyFlow(StepsFlow):
    name = "family"

    async def enter(self, ctx: FlowContext) -> None:
        ctx.data.clear()
        await self.show(ctx)

    async def show(self, ctx: FlowContext) -> None:
        step = ctx.data.get("step")
        if step in ("name", "code"):
            ctx.send(ctx.t(f"steps.family.ask_{step}"), [self.home(ctx)])
            return
        profile = await self.kit.profile(ctx)
        if profile is None:
            ctx.switch("start")
            return
        if profile.family_id is None:
            ctx.send(
                ctx.t("steps.family.none"),
                [
                    [
                        ctx.button("steps.family.create", "family:create"),
                        ctx.button("steps.family.join", "family:join"),
                    ],
                    self.home(ctx),
                ],
            )
            return
        async with self.kit.uow(ctx)() as unit:
            family = await unit.rewards.families.get(profile.family_id)
            members = await unit.rewards.profiles.in_family(profile.family_id)
        assert family is not None
        ctx.send(
            ctx.t(
                "steps.family.card",
                name=family.name,
                members=len(members),
                link=self.kit.deep_link(f"fam_{family.invite_code}"),
                share=self.kit.rules.family_pool_per_mille // 10,
            ),
            [[ctx.button("steps.family.leave", "family:leave")], self.home(ctx)],
        )

    async def on_button(self, data: str, ctx: FlowContext) -> None:
        if data == "family:create":
            ctx.data["step"] = "name"
        elif data == "family:join":
            ctx.data["step"] = "code"
        elif data == "family:leave":
            await self._leave(ctx)
        else:
            await super().on_button(data, ctx)
            return
        await self.show(ctx)

    async def on_text(self, text: str, ctx: FlowContext) -> None:
        step = ctx.data.pop("step", None)
        if step == "name" and 0 < len(text) <= MAX_NAME:
            await self._create(text, ctx)
        elif step == "code" and (match := CODE.match(text.lower())):
            await self._join(match[1], ctx)
        elif step in ("name", "code"):
            ctx.data["step"] = step
            ctx.send(ctx.t(f"steps.family.invalid_{step}"), tag="notice")
        else:
            await super().on_text(text, ctx)
            return
        await self.show(ctx)

    async def _create(self, name: str, ctx: FlowContext) -> None:
        try:
            await create_family(self.kit.uow(ctx), self.kit.clock, ctx.user.id, name)
        except FamilyRefused as refused:
            ctx.send(ctx.t(f"steps.family.refused.{refused.code}"), tag="notice")
        else:
            await self.kit.keep_split_scheduled(ctx)

    async def _join(self, code: str, ctx: FlowContext) -> None:
        try:
            family = await join_family(self.kit.uow(ctx), self.kit.rules, ctx.user.id, code)
        except RewardsNotFound:
            ctx.send(ctx.t("steps.family.unknown_code"), tag="notice")
        except FamilyRefused as refused:
            ctx.send(ctx.t(f"steps.family.refused.{refused.code}"), tag="notice")
        else:
            ctx.send(ctx.t("steps.family.joined", name=family.name), tag="notice")
            await self.kit.keep_split_scheduled(ctx)

    async def _leave(self, ctx: FlowContext) -> None:
        try:
            await leave_family(self.kit.uow(ctx), ctx.user.id)
        except FamilyRefused as refused:
            ctx.send(ctx.t(f"steps.family.refused.{refused.code}"), tag="notice")
        else:
            ctx.send(ctx.t("steps.family.left"), tag="notice")
