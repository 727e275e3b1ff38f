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
from sleeplab_core.bots.steps.flows.email import EmailFlow
from sleeplab_core.bots.steps.flows.family import FamilyFlow
from sleeplab_core.bots.steps.flows.menu import MenuFlow
from sleeplab_core.bots.steps.flows.orders import OrdersFlow
from sleeplab_core.bots.steps.flows.points import PointsFlow
from sleeplab_core.bots.steps.flows.privacy import PrivacyFlow
from sleeplab_core.bots.steps.flows.promo import PromoFlow
from sleeplab_core.bots.steps.flows.start import StartFlow
from sleeplab_core.bots.steps.flows.walk import WalkFlow
from sleeplab_core.bots.steps.jobs import steps_jobs, steps_rules
from sleeplab_core.bots.steps.kit import StepsKit
from sleeplab_core.conversation import BotSpec
from sleeplab_core.platform import Bot, BotContext
from sleeplab_core.rewards import MEMORY_MODULE
from sleeplab_core.rewards.phones import PhoneNumbers, PlainPhoneNumbers
from sleeplab_core.rewards.weather import OfflineWeather, Weather

NAME = "steps"
MENU = (
    ("start", "steps.commands.start"),
    ("menu", "steps.commands.menu"),
    ("walk", "steps.commands.walk"),
    ("points", "steps.commands.points"),
    ("family", "steps.commands.family"),
    ("catalog", "steps.commands.catalog"),
    ("orders", "steps.commands.orders"),
    ("promo", "steps.commands.promo"),
    ("email", "steps.commands.email"),
    ("privacy", "steps.commands.privacy"),
)
"""The client's command menu: (command, description key), described per locale."""
WEATHER_SERVICE = "weather"
PHONES_SERVICE = "phone_numbers"


def build(ctx: BotContext) -> BotSpec:
    """The bot's flows over the platform's services (offline fakes where none is set up)."""
    kit = StepsKit(
        ledger=ctx.ledger,
        clock=ctx.clock,
        weather=ctx.service(WEATHER_SERVICE, _offline_weather()),
        phones=ctx.service(PHONES_SERVICE, _plain_phones()),
        rules=steps_rules(ctx),
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
        OrdersFlow(kit),
        PromoFlow(kit),
        EmailFlow(kit),
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
            "orders": "orders",
            "promo": "promo",
            "privacy": "privacy",
            "email": "email",
        },
        menu=MENU,
        locations=True,  # live-location walks (flows/live.py)
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
