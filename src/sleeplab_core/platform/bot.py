"""A bot's definition and the services the platform hands it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from sleeplab_core.conversation.flow import BotSpec
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.i18n import Catalog
from sleeplab_core.kernel.modules import MemoryModule

if TYPE_CHECKING:
    from sleeplab_core.documents.ports import DocumentStore
    from sleeplab_core.jobs.ports import Messenger
    from sleeplab_core.jobs.worker import Handler
    from sleeplab_core.ledger.ports import Ledger
    from sleeplab_core.llm.ports import ChatModel
    from sleeplab_core.payments.context import PaymentsContext
    from sleeplab_core.payments.ports import PaymentGateway
    from sleeplab_core.storage.ports import UnitOfWorkFactory

T = TypeVar("T")


@attrs.frozen
class ServiceEnvironment:
    """What a service factory (an adapter registered under ``sleeplab.services``) is given.

    ``settings`` holds every ``SLEEPLAB_*`` setting, the key lower-cased without the prefix
    (``SLEEPLAB_WEATHER_URL`` → ``weather_url``), secrets included: a factory reads only its
    own keys and never logs them.
    """

    settings: Mapping[str, str]
    data_dir: Path
    clock: Clock


@attrs.frozen
class BotContext:
    """Everything a bot's ``build``, ``jobs`` and web routes are given, built once per process.

    ``uow`` opens units of work carrying the base repositories and one ``uow.<module>`` per
    module the bot declares. ``settings`` is as :class:`ServiceEnvironment`'s, without
    secrets. ``services`` holds the adapters built from ``sleeplab.services`` entry points;
    a bot asks with :meth:`service`, passing its core fake as the default (the offline path).
    """

    name: str
    uow: UnitOfWorkFactory
    clock: Clock
    texts: Catalog
    ledger: Ledger
    chat_model: ChatModel
    documents: DocumentStore
    payments: PaymentsContext
    gateways: tuple[PaymentGateway, ...]
    data_dir: Path
    settings: Mapping[str, str] = attrs.field(factory=dict)
    services: Mapping[str, object] = attrs.field(factory=dict)

    def service(self, name: str, default: T) -> T:
        """The adapter registered as ``name``, or ``default`` when none is configured."""
        found = self.services.get(name)
        return default if found is None else found  # type: ignore[return-value]

    def setting(self, key: str, default: str = "") -> str:
        return self.settings.get(key, default)


JobsFactory = Callable[[BotContext, "Messenger"], Mapping[str, "Handler"]]


@attrs.frozen
class Bot:
    """A bot package's declaration, registered under the entry-point group ``sleeplab.bots``.

    Args:
        name: the name ``--bot`` selects; also the conversation namespace in storage.
        build: makes the bot's flows and commands from the platform's services.
        modules: the capability modules with storage of their own that the bot uses.
        locales: a folder of ``<locale>/LC_MESSAGES/*.po`` catalogs layered over the
            library's texts (a bot may override a library key).
        jobs: the worker's handlers for the bot's job kinds.
        description: one line for ``sleeplab bots``.
        questionnaires: the folder of the bot's questionnaire definitions (TOML), beside
            its code; the bot's ``build`` and the composition root load them from here.
        rules: the bot's diagnosis rule set file, checked against its questionnaires.
    """

    name: str = attrs.field(validator=attrs.validators.matches_re(r"^[a-z][a-z0-9_]*$"))
    build: Callable[[BotContext], BotSpec]
    modules: tuple[MemoryModule, ...] = ()
    locales: Path | None = None
    jobs: JobsFactory | None = None
    description: str = ""
    questionnaires: Path | None = None
    rules: Path | None = None

    def module_names(self) -> tuple[str, ...]:
        return tuple(module.name for module in self.modules)


def bot_settings(settings: Mapping[str, Any]) -> dict[str, str]:
    """Settings values as strings (``None`` left out), for :class:`BotContext`."""
    return {key: str(value) for key, value in settings.items() if value is not None}
