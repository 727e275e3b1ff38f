"""SleepLab as an installable bot: registered as ``sleeplab`` under ``sleeplab.bots``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import time, timedelta

from sleeplab_core.conversation import BotSpec
from sleeplab_core.diagnosis import load_ruleset
from sleeplab_core.documents.catalog import DocumentCatalog
from sleeplab_core.documents.ports import ReportRenderer
from sleeplab_core.jobs import QuietHours
from sleeplab_core.platform import Bot, BotContext
from sleeplab_core.questionnaires import QuestionnaireLibrary
from sleeplab_core.sleeplab.bot import BOT_NAME, build_sleeplab_bot, content_dir, rules_file
from sleeplab_core.sleeplab.flows.purchase import SleeplabPayments
from sleeplab_core.sleeplab.journey_jobs import DeliveryMode, JourneyJobs, with_journey_jobs
from sleeplab_core.sleeplab.results import DiagnosisKit

DOCUMENT_CATALOG_SERVICE = "documents.catalog"
REPORT_RENDERER_SERVICE = "documents.renderer"


def journey_jobs_from(settings: Mapping[str, str]) -> JourneyJobs:
    """SleepLab's delivery mode, delay, reminders and quiet hours from the settings."""
    start, _, end = settings.get("quiet_hours", "22:00-09:00").partition("-")
    return JourneyJobs(
        delivery=DeliveryMode(settings.get("delivery", "instant")),
        delay=timedelta(minutes=int(settings.get("delivery_delay_minutes", "120"))),
        quiet=QuietHours(time.fromisoformat(start.zfill(5)), time.fromisoformat(end.zfill(5))),
        reminders=settings.get("reminders", "True") == "True",
    )


def build(ctx: BotContext) -> BotSpec:
    """SleepLab's flows over the platform's services."""
    documents: DocumentCatalog = ctx.services[DOCUMENT_CATALOG_SERVICE]  # type: ignore[assignment]
    renderer: ReportRenderer = ctx.services[REPORT_RENDERER_SERVICE]  # type: ignore[assignment]
    kit = DiagnosisKit(
        ruleset=load_ruleset(BOT.rules or rules_file()),
        catalog=ctx.texts,
        documents=documents,
        store=ctx.documents,
        renderer=renderer,
    )
    spec = build_sleeplab_bot(
        library=QuestionnaireLibrary.from_directory(BOT.questionnaires or content_dir()),
        documents=ctx.documents,
        kit=kit,
        payments=SleeplabPayments(
            catalog=ctx.payments.catalog, ledger=ctx.ledger, gateways=ctx.gateways
        ),
    )
    return with_journey_jobs(spec, journey_jobs_from(ctx.settings))


BOT = Bot(
    name=BOT_NAME,
    build=build,
    description="Sleep diagnostics (L0 free, L1/L2 paid)",
    questionnaires=content_dir(),
    rules=rules_file(),
)
