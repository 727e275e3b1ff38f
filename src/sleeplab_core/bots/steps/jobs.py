"""The Steps bot's worker jobs: broadcasts to its segments (``steps.broadcast.send``) and the
weekly family split (``steps.family.split``, which schedules its next week when done)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, cast

from sleeplab_core.conversation import RecipientBlocked, Screen, SendScreen
from sleeplab_core.jobs import BroadcastSender, TokenBucket
from sleeplab_core.jobs.errors import PermanentFailure
from sleeplab_core.jobs.model import Job
from sleeplab_core.jobs.ports import Messenger
from sleeplab_core.jobs.worker import Handler, JobContext
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.i18n import DEFAULT_LOCALE, Catalog, Message
from sleeplab_core.ledger import Ledger
from sleeplab_core.platform import BotContext
from sleeplab_core.rewards import default_rules, load_rules
from sleeplab_core.rewards.config import RewardsRules
from sleeplab_core.rewards.errors import InvalidRules
from sleeplab_core.rewards.ports import RewardsUnitOfWork, RewardsUnitOfWorkFactory
from sleeplab_core.rewards.segments import StepsSegments
from sleeplab_core.rewards.use_cases.notify_order import NOTICE_STATUSES, ORDER_NOTICE_JOB_KIND
from sleeplab_core.rewards.use_cases.schedule_broadcast import STEPS_BROADCAST_JOB_KIND
from sleeplab_core.rewards.use_cases.schedule_family_split import (
    FAMILY_SPLIT_JOB_KIND,
    schedule_family_split,
)
from sleeplab_core.rewards.use_cases.split_all_families import split_all_families

if TYPE_CHECKING:
    from sleeplab_core.storage.ports import UnitOfWorkFactory

DEFAULT_RATE = 25.0  # messages a second, under Telegram's ~30/s for bulk notifications


def steps_jobs(ctx: BotContext, messenger: Messenger) -> Mapping[str, Handler]:
    rewards = cast(RewardsUnitOfWorkFactory, ctx.uow)
    rate = float(ctx.setting("broadcast_rate", str(DEFAULT_RATE)))
    sender = BroadcastSender(
        ctx.uow,
        messenger,
        StepsSegments(rewards, ctx.clock),
        ctx.texts,
        ctx.clock,
        limiter=TokenBucket(rate=rate),
        sleep=asyncio.sleep,
    )
    split = FamilySplitJob(ctx.uow, ctx.ledger, ctx.clock, steps_rules(ctx))
    notice = OrderNoticeJob(ctx.uow, messenger, ctx.texts)
    return {
        STEPS_BROADCAST_JOB_KIND: sender,
        FAMILY_SPLIT_JOB_KIND: split,
        ORDER_NOTICE_JOB_KIND: notice,
    }


def steps_rules(ctx: BotContext) -> RewardsRules:
    """The operator's rules file (``SLEEPLAB_STEPS_RULES``) or the shipped ``rules.toml``."""
    rules_file = ctx.setting("steps_rules")
    return load_rules(Path(rules_file)) if rules_file else default_rules()


class FamilySplitJob:
    """Pays the families' pools of the job's week, then schedules the next week's run."""

    def __init__(
        self, uow: UnitOfWorkFactory, ledger: Ledger, clock: Clock, rules: RewardsRules
    ) -> None:
        self._uow = uow
        self._ledger = ledger
        self._clock = clock
        self._rules = rules

    async def __call__(self, job: Job, context: JobContext) -> None:
        try:
            first = date.fromisoformat(str(job.payload["first_day"]))
            last = date.fromisoformat(str(job.payload["last_day"]))
        except (KeyError, ValueError) as error:
            raise PermanentFailure(f"not a family split period: {job.payload!r}") from error
        rewards = cast(RewardsUnitOfWorkFactory, self._uow)
        try:
            await split_all_families(rewards, self._ledger, self._clock, self._rules, first, last)
        except InvalidRules as error:
            raise PermanentFailure(str(error)) from error
        async with self._uow() as unit:
            await schedule_family_split(unit.jobs, self._rules, job.run_at, self._clock.now())
            await unit.commit()


class OrderNoticeJob:
    """Tells the player their order's new status (``steps.order.status.<status>``)."""

    def __init__(self, uow: UnitOfWorkFactory, messenger: Messenger, texts: Catalog) -> None:
        self._uow = uow
        self._messenger = messenger
        self._texts = texts

    async def __call__(self, job: Job, context: JobContext) -> None:
        status = job.payload.get("status")
        order_id = job.payload.get("order_id")
        if status not in NOTICE_STATUSES or not isinstance(order_id, int):
            raise PermanentFailure(f"not an order notice: {job.payload!r}")
        async with self._uow() as unit:
            rewards = cast(RewardsUnitOfWork, unit).rewards
            order = await rewards.orders.get(order_id)
            if order is None:
                raise PermanentFailure(f"no order {order_id}")
            product = await rewards.catalog.product(order.product_id)
            user = await unit.users.get(order.user_id)
        locale = user.locale if user is not None else DEFAULT_LOCALE
        title = product.title if product is not None else order.product_code
        text = self._texts.render(locale, Message(f"steps.order.status.{status}", {"title": title}))
        try:
            await self._messenger.send(order.user_id, [SendScreen(screen=Screen.of(text))])
        except RecipientBlocked:
            return  # the player blocked the bot: nothing more to tell
