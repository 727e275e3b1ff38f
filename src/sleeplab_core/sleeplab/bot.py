"""SleepLab assembled: its flows, commands and content."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from sleeplab_core.conversation import BotSpec, Flow
from sleeplab_core.diagnosis import RuleSet, load_ruleset
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


def content_root() -> Path:
    """SleepLab's content, shipped beside its code: the questionnaire, the rule set, advice."""
    return Path(str(resources.files("sleeplab_core.sleeplab") / "content"))


def content_dir() -> Path:
    """SleepLab's questionnaire files (the definition, ``results/`` for the short results)."""
    return content_root() / "questionnaire"


def rules_file() -> Path:
    """SleepLab's diagnosis rule set."""
    return content_root() / "rules" / "sleeplab.toml"


def sleeplab_ruleset() -> RuleSet:
    """SleepLab's diagnosis rule set, loaded and checked.

    Raises:
        RuleSetInvalid: the file breaks the format or fails static validation.
    """
    return load_ruleset(rules_file())


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
