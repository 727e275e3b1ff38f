"""The Coach bot: goals with mood boards and voice notes, check-ins, structured advice and
streaks that survive time zones. Registered as ``coach`` under ``sleeplab.bots``."""

from __future__ import annotations

from pathlib import Path

from sleeplab_core.bots.coach.flows.checkin import CheckInFlow
from sleeplab_core.bots.coach.flows.goal_list import GoalList
from sleeplab_core.bots.coach.flows.goals import NewGoal
from sleeplab_core.bots.coach.flows.menu import Menu, ProgressFlow
from sleeplab_core.bots.coach.flows.onboarding import Onboarding
from sleeplab_core.bots.coach.flows.premium import DeepAnalysis, Paywall
from sleeplab_core.bots.coach.flows.privacy import Privacy
from sleeplab_core.bots.coach.flows.settings import PauseFlow, TimeZone
from sleeplab_core.bots.coach.jobs import coach_jobs
from sleeplab_core.bots.coach.kit import (
    CoachKit,
    FirstFound,
    LocalPathDownloads,
    MediaDownloads,
)
from sleeplab_core.bots.coach.paywall import Subscriptions
from sleeplab_core.coaching.fakes import InMemoryFileStore, OfflineSpeechToText
from sleeplab_core.coaching.module import COACHING
from sleeplab_core.coaching.ports import FileStore, SpeechToText, ZoneFinder
from sleeplab_core.coaching.services import Coach
from sleeplab_core.coaching.zones import NearestCityZones
from sleeplab_core.conversation import BotSpec, Flow
from sleeplab_core.platform import Bot, BotContext

NAME = "coach"


def coach_services(ctx: BotContext) -> Coach:
    """The coaching services from the platform: S3 or local files, speech-to-text if any."""
    files: FileStore = ctx.service("coach_files_s3", None) or ctx.service(
        "coach_files_local", InMemoryFileStore()
    )
    speech: SpeechToText = ctx.service("coach_speech", OfflineSpeechToText())
    return Coach(model=ctx.chat_model, files=files, speech=speech, texts=ctx.texts)


def build(ctx: BotContext) -> BotSpec:
    telegram: MediaDownloads | None = ctx.service("coach_downloads", None)
    downloads = FirstFound(LocalPathDownloads(), *([telegram] if telegram else []))
    subscriptions = Subscriptions(ctx.payments.catalog, ctx.ledger, ctx.clock, ctx.gateways)
    zones: ZoneFinder = ctx.service("coach_zones", NearestCityZones())
    kit = CoachKit(coach_services(ctx), downloads, subscriptions, zones)
    flows: list[Flow] = [
        Onboarding(kit),
        Menu(kit),
        NewGoal(kit),
        GoalList(kit, ctx.documents),
        CheckInFlow(kit),
        ProgressFlow(kit),
        Privacy(kit, ctx.documents),
        Paywall(kit),
        DeepAnalysis(kit),
        TimeZone(kit),
        PauseFlow(kit),
    ]
    return BotSpec(
        name=NAME,
        flows={flow.name: flow for flow in flows},
        start="onboarding",
        locations=True,  # the time zone from a shared location (onboarding, /timezone)
        commands={
            "menu": "menu",
            "new_goal": "new_goal",
            "goals": "goals",
            "checkin": "checkin",
            "progress": "progress",
            "privacy": "privacy",
            "premium": "premium",
            "deep": "deep",
            "timezone": "timezone",
            "pause": "pause",
        },
        menu=(
            ("start", "coach.commands.start"),
            ("checkin", "coach.commands.checkin"),
            ("new_goal", "coach.commands.new_goal"),
            ("goals", "coach.commands.goals"),
            ("progress", "coach.commands.progress"),
            ("pause", "coach.commands.pause"),
            ("timezone", "coach.commands.timezone"),
            ("deep", "coach.commands.deep"),
            ("premium", "coach.commands.premium"),
            ("privacy", "coach.commands.privacy"),
        ),
    )


BOT = Bot(
    name=NAME,
    build=build,
    modules=(COACHING,),
    locales=Path(__file__).parent / "locales",
    jobs=coach_jobs,
    description="AI coaching: goals, check-ins, structured advice, streaks",
)
