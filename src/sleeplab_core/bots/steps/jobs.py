"""The Steps bot's worker jobs: broadcasts to its segments (``steps.broadcast.send``)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import cast

from sleeplab_core.jobs import BroadcastSender, TokenBucket
from sleeplab_core.jobs.ports import Messenger
from sleeplab_core.jobs.worker import Handler
from sleeplab_core.platform import BotContext
from sleeplab_core.rewards.ports import RewardsUnitOfWorkFactory
from sleeplab_core.rewards.segments import StepsSegments
from sleeplab_core.rewards.use_cases.schedule_broadcast import STEPS_BROADCAST_JOB_KIND

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
    return {STEPS_BROADCAST_JOB_KIND: sender}
