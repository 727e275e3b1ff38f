"""The assistant assembled: its use cases, flows and commands."""

from __future__ import annotations

from sleeplab_core.assistant.config import AssistantConfig
from sleeplab_core.assistant.credits import Credits
from sleeplab_core.assistant.flows.base import AssistantKit
from sleeplab_core.assistant.flows.chat import Chat
from sleeplab_core.assistant.flows.credits import CreditsFlow
from sleeplab_core.assistant.flows.menu import Menu
from sleeplab_core.assistant.flows.settings import Settings
from sleeplab_core.assistant.flows.topup import TopUp
from sleeplab_core.assistant.purchase import Purchases
from sleeplab_core.assistant.service import Assistant
from sleeplab_core.catalog.model import Catalog
from sleeplab_core.conversation import BotSpec
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.ledger.ports import Ledger
from sleeplab_core.llm.ports import ChatModel
from sleeplab_core.llm.service import GuardedChat

BOT_NAME = "assistant"


def build_assistant_kit(
    model: ChatModel,
    ledger: Ledger,
    products: Catalog,
    clock: Clock,
    config: AssistantConfig | None = None,
) -> AssistantKit:
    """The assistant's use cases over a chat model (redacted and crisis-checked), a ledger
    and the product catalog."""
    config = config or AssistantConfig()
    credits = Credits(ledger, clock, config)
    assistant = Assistant(GuardedChat(model), credits, clock, config)
    return AssistantKit(assistant, credits, Purchases(products, ledger, clock, config))


def build_assistant_bot(
    model: ChatModel,
    ledger: Ledger,
    products: Catalog,
    clock: Clock,
    config: AssistantConfig | None = None,
) -> BotSpec:
    """The ``assistant`` bot: ``/start`` opens the menu (granting the trial once)."""
    kit = build_assistant_kit(model, ledger, products, clock, config)
    flows = [Menu(kit), Chat(kit), CreditsFlow(kit), TopUp(kit), Settings(kit)]
    return BotSpec(
        name=BOT_NAME,
        flows={flow.name: flow for flow in flows},
        start="menu",
        commands={
            "menu": "menu",
            "new": "chat",
            "credits": "credits",
            "topup": "topup",
            "settings": "settings",
            "language": "settings",
        },
        menu=(
            ("start", "assistant.commands.start"),
            ("new", "assistant.commands.new"),
            ("menu", "assistant.commands.menu"),
            ("credits", "assistant.commands.credits"),
            ("topup", "assistant.commands.topup"),
            ("settings", "assistant.commands.settings"),
        ),
    )
