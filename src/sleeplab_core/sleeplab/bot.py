"""SleepLab assembled: its flows, commands and content."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from sleeplab_core.conversation import BotSpec, Flow
from sleeplab_core.documents.ports import DocumentStore
from sleeplab_core.questionnaires import QuestionnaireLibrary
from sleeplab_core.sleeplab.flows.menu import Menu
from sleeplab_core.sleeplab.flows.offer import Offer
from sleeplab_core.sleeplab.flows.onboarding import Language, Onboarding
from sleeplab_core.sleeplab.flows.payment_events import with_payments
from sleeplab_core.sleeplab.flows.privacy import Privacy
from sleeplab_core.sleeplab.flows.purchase import SleeplabPayments
from sleeplab_core.sleeplab.flows.questionnaire import QuestionnaireFlow
from sleeplab_core.sleeplab.flows.result import Result
from sleeplab_core.sleeplab.journey import QUESTIONNAIRE_ID
from sleeplab_core.sleeplab.results import DiagnosisKit
from sleeplab_core.sleeplab.short_result import ShortResultSet
from sleeplab_core.sleeplab.short_result import load_short_results as load_short_results_file

BOT_NAME = "sleeplab"


def content_dir() -> Path:
    """SleepLab's questionnaire files shipped with the core."""
    return Path(str(resources.files("sleeplab_core.questionnaires") / "content"))


def load_short_results() -> dict[str, ShortResultSet]:
    """The short results shipped with SleepLab's content, by level."""
    folder = content_dir() / "results"
    results = [load_short_results_file(path) for path in sorted(folder.glob("*.toml"))]
    return {result.level: result for result in results if result.questionnaire == QUESTIONNAIRE_ID}


def build_sleeplab_bot(
    library: QuestionnaireLibrary,
    documents: DocumentStore,
    kit: DiagnosisKit,
    payments: SleeplabPayments,
) -> BotSpec:
    flows: list[Flow] = [
        Onboarding(),
        Language(),
        Menu(),
        Offer(payments),
        QuestionnaireFlow(library, QUESTIONNAIRE_ID),
        Result(load_short_results(), kit),
        Privacy(documents, payments.ledger),
    ]
    flows = with_payments(flows, payments)  # payment events reach every flow
    return BotSpec(
        name=BOT_NAME,
        flows={flow.name: flow for flow in flows},
        start="welcome",
        commands={"menu": "menu", "privacy": "privacy", "language": "language"},
        menu=(
            ("start", "sleeplab.commands.start"),
            ("menu", "sleeplab.commands.menu"),
            ("back", "sleeplab.commands.back"),
            ("privacy", "sleeplab.commands.privacy"),
            ("language", "sleeplab.commands.language"),
            ("restart", "sleeplab.commands.restart"),
            ("help", "sleeplab.commands.help"),
        ),
    )
