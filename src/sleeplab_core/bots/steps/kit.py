"""What every Steps flow shares: the use cases' collaborators and small rendering helpers."""

from __future__ import annotations

from typing import cast

import attrs

from sleeplab_core.bots.steps.content import Places
from sleeplab_core.conversation import FlowContext
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.ledger import Ledger
from sleeplab_core.rewards.accounts import points_balance
from sleeplab_core.rewards.config import RewardsRules
from sleeplab_core.rewards.content import render_override
from sleeplab_core.rewards.model import Profile
from sleeplab_core.rewards.phones import PhoneNumbers
from sleeplab_core.rewards.ports import RewardsUnitOfWork, RewardsUnitOfWorkFactory
from sleeplab_core.rewards.use_cases.schedule_family_split import schedule_family_split
from sleeplab_core.rewards.weather import Weather
from sleeplab_core.storage.joined import JoinedUnitOfWork


@attrs.frozen
class StepsKit:
    ledger: Ledger
    clock: Clock
    weather: Weather
    phones: PhoneNumbers
    rules: RewardsRules
    places: Places
    bot_username: str = ""

    def uow(self, ctx: FlowContext) -> RewardsUnitOfWorkFactory:
        """The flow's open unit of work, lent to use cases (the router commits it)."""

        def joined() -> RewardsUnitOfWork:
            return cast(RewardsUnitOfWork, JoinedUnitOfWork(ctx.uow))

        return joined

    async def profile(self, ctx: FlowContext) -> Profile | None:
        async with self.uow(ctx)() as unit:
            return await unit.rewards.profiles.get(ctx.user.id)

    async def balance(self, ctx: FlowContext) -> int:
        return await points_balance(self.ledger, self.rules.unit, ctx.user.id)

    async def text(self, ctx: FlowContext, key: str, **params: object) -> str:
        """A seed content key: the operators' override if any, else the catalog's text."""
        async with self.uow(ctx)() as unit:
            override = await unit.rewards.texts.get(key, ctx.locale)
        if override is None:
            return ctx.t(f"steps.{key}", **params)
        return render_override(override, params)

    async def keep_split_scheduled(self, ctx: FlowContext) -> None:
        """Make sure the worker has the next weekly family split (a no-op when it has)."""
        now = self.clock.now()
        await schedule_family_split(ctx.uow.jobs, self.rules, now, now)

    def deep_link(self, payload: str) -> str:
        """A ``/start`` link carrying ``payload`` (the command itself without a bot name)."""
        if self.bot_username:
            return f"https://t.me/{self.bot_username}?start={payload}"
        return f"/start {payload}"


def per_mille(value: int) -> str:
    """1300 → "1.3", 1000 → "1.0", 1150 → "1.15"."""
    whole, rest = divmod(value, 1000)
    return f"{whole}.{str(rest).rjust(3, '0').rstrip('0') or '0'}"


def tenths(value: int) -> str:
    """-123 → "-12.3"."""
    sign = "-" if value < 0 else ""
    whole, rest = divmod(abs(value), 10)
    return f"{sign}{whole}.{rest}"
