"""The salon booking bot: free text in (en, ru), no double booking, registered as ``salon``.

Settings: ``SLEEPLAB_SALON_CONFIG`` names the salon's TOML/JSON config (default: the shipped
demo salon); ``SLEEPLAB_SALON_BURST_SECONDS`` (default 0: off) merges messages sent within
that many seconds, read at most ``SLEEPLAB_SALON_BURST_MAX_SECONDS`` (default 8) after the
first (the worker answers them). With a real language model configured, messages are read
by the model and checked by the booking rules; offline, by the rule-based parser.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sleeplab_core.booking.fakes import BOOKING_MODULE
from sleeplab_core.booking.parsing import RuleBasedParser, Similarity
from sleeplab_core.booking.parsing.llm import ModelParser
from sleeplab_core.booking.parsing.ports import RequestParser
from sleeplab_core.booking.parsing.similarity import DifflibSimilarity
from sleeplab_core.bots.salon.bot import BOT_NAME, build_salon_bot
from sleeplab_core.bots.salon.jobs import salon_jobs
from sleeplab_core.bots.salon.kit import ConfigFile, SalonKit, salon_config
from sleeplab_core.conversation import BotSpec
from sleeplab_core.platform import Bot, BotContext

SIMILARITY_SERVICE = "name_similarity"
CALENDAR_SYNC_SERVICE = "calendar_sync"
OFFLINE_PROVIDER = "offline"


def salon_kit(ctx: BotContext) -> SalonKit:
    """The salon's config and parser from the platform's settings and services."""
    similarity: Similarity = ctx.service(SIMILARITY_SERVICE, DifflibSimilarity())
    rules = RuleBasedParser(similarity)
    parser: RequestParser = rules
    if ctx.chat_model.provider != OFFLINE_PROVIDER:
        parser = ModelParser(ctx.chat_model, rules)
    path = ctx.settings.get("salon_config")
    config = salon_config(path)
    return SalonKit(
        config,
        parser,
        burst_window=timedelta(seconds=float(ctx.settings.get("salon_burst_seconds", "0"))),
        burst_max_wait=timedelta(seconds=float(ctx.settings.get("salon_burst_max_seconds", "8"))),
        sheet=ctx.service(CALENDAR_SYNC_SERVICE, None),
        source=ConfigFile(Path(path), config) if path else None,
    )


def build(ctx: BotContext) -> BotSpec:
    return build_salon_bot(salon_kit(ctx))


BOT = Bot(
    name=BOT_NAME,
    build=build,
    modules=(BOOKING_MODULE,),
    locales=Path(__file__).parent / "locales",
    jobs=salon_jobs(salon_kit),
    description="Salon bookings from free text (en, ru)",
)
