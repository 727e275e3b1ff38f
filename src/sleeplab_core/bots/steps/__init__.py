"""Steps: walks that earn points, families that share them, gifts sent to pickup points.

Registered as ``steps`` under ``sleeplab.bots``; its storage is the ``rewards`` module
(``uow.rewards``), its money the ledger, its texts ``locales/{en,ru}/LC_MESSAGES/steps.po``
(keys ``steps.…``, the seed's content keys among them: ``steps.start_welcome``,
``steps.main_menu``, ``steps.promo_intro``, ``steps.walk_choice``). See docs/steps.md.
"""

from __future__ import annotations

from pathlib import Path

from sleeplab_core.bots.steps.content import load_places
from sleeplab_core.bots.steps.flows.catalog import CatalogFlow
from sleeplab_core.bots.steps.flows.family import FamilyFlow
from sleeplab_core.bots.steps.flows.menu import MenuFlow
from sleeplab_core.bots.steps.flows.points import PointsFlow
from sleeplab_core.bots.steps.flows.privacy import PrivacyFlow
from sleeplab_core.bots.steps.flows.promo import PromoFlow
from sleeplab_core.bots.steps.flows.start import StartFlow
from sleeplab_core.bots.steps.flows.walk import WalkFlow
from sleeplab_core.bots.steps.jobs import steps_jobs
from sleeplab_core.bots.steps.kit import StepsKit
from sleeplab_core.conversation import BotSpec
from sleeplab_core.platform import Bot, BotContext
from sleeplab_core.rewards import MEMORY_MODULE, default_rules, load_rules
from sleeplab_core.rewards.phones import PhoneNumbers, PlainPhoneNumbers
from sleeplab_core.rewards.weather import OfflineWeather, Weather

NAME = "steps"
WEATHER_SERVICE = "weather"
PHONES_SERVICE = "phone_numbers"


def build(ctx: BotContext) -> BotSpec:
    """The bot's flows over the platform's services (offline fakes where none is set up)."""
    rules_file = ctx.setting("steps_rules")
    kit = StepsKit(
        ledger=ctx.ledger,
        clock=ctx.clock,
        weather=ctx.service(WEATHER_SERVICE, _offline_weather()),
        phones=ctx.service(PHONES_SERVICE, _plain_phones()),
        rules=load_rules(Path(rules_file)) if rules_file else default_rules(),
        places=load_places(),
        bot_username=ctx.setting("bot_username"),
    )
    flows = [
        StartFlow(kit),
        MenuFlow(kit),
        WalkFlow(kit),
        PointsFlow(kit),
        FamilyFlow(kit),
        CatalogFlow(kit),
        PromoFlow(kit),
        PrivacyFlow(kit, ctx.documents),
    ]
    return BotSpec(
        name=NAME,
        flows={flow.name: flow for flow in flows},
        start="start",
        commands={
            "menu": "menu",
            "walk": "walk",
            "points": "points",
            "family": "family",
            "catalog": "catalog",
            "promo": "promo",
            "privacy": "privacy",
        },
        # No command menu yet: the Telegram runner renders menus with the library's texts
        # only, where the bot's own keys (steps.commands.*) are missing.
        menu=(),
    )


def _offline_weather() -> Weather:
    return OfflineWeather()


def _plain_phones() -> PhoneNumbers:
    return PlainPhoneNumbers()


BOT = Bot(
    name=NAME,
    build=build,
    modules=(MEMORY_MODULE,),
    locales=Path(__file__).parent / "locales",
    jobs=steps_jobs,
    description="Walks that earn points, families, gifts to pickup points",
)
