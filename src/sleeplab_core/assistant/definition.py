"""The assistant as an installable bot: registered as ``assistant`` under ``sleeplab.bots``."""

from __future__ import annotations

from collections.abc import Mapping

from sleeplab_core.assistant.bot import BOT_NAME, build_assistant_bot
from sleeplab_core.assistant.config import AssistantConfig
from sleeplab_core.conversation import BotSpec
from sleeplab_core.platform import Bot, BotContext


def assistant_config_from(settings: Mapping[str, str]) -> AssistantConfig:
    defaults = AssistantConfig()
    return AssistantConfig(
        trial_messages=int(settings.get("assistant_trial_messages", defaults.trial_messages)),
        trial_days=int(settings.get("assistant_trial_days", defaults.trial_days)),
        price_per_answer=int(settings.get("assistant_price_per_answer", defaults.price_per_answer)),
    )


def build(ctx: BotContext) -> BotSpec:
    return build_assistant_bot(
        model=ctx.chat_model,
        ledger=ctx.ledger,
        products=ctx.payments.catalog,
        clock=ctx.clock,
        config=assistant_config_from(ctx.settings),
    )


BOT = Bot(name=BOT_NAME, build=build, description="Paid AI assistant with credits")
