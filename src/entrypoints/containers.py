"""The composition root: one dependency-injector container builds every object from config.

Nothing is constructed at import time. ``build_container(settings)`` returns a container;
``await container.init_resources()`` opens the database; ``shutdown_resources`` closes it.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import logging
import os
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from datetime import time, timedelta
from importlib.metadata import entry_points
from pathlib import Path
from time import monotonic
from typing import TYPE_CHECKING, Any, cast

from dependency_injector import containers, providers
from pydantic import SecretStr

from adapters.babel_catalog import load_catalog
from adapters.documents import FileSystemDocumentStore, load_library
from adapters.documents.lazy import LazyReportRenderer
from adapters.llm_offline import build_offline_pool
from adapters.pay_robokassa import RobokassaSettings
from adapters.pay_robokassa.gateway import RobokassaGateway
from adapters.pay_telegram import BotApiPayments, TelegramGateway
from adapters.pay_tilda.gateway import TildaGateway
from adapters.tortoise import Database, TortoiseUnitOfWorkFactory, open_database
from adapters.tortoise.intake import TortoiseIntake
from adapters.tortoise.job_queue import TortoiseJobQueue
from adapters.tortoise.ledger import TortoiseLedger
from adapters.tortoise.modules import sql_modules
from entrypoints.settings import Settings
from sleeplab_core.assistant.bot import build_assistant_bot
from sleeplab_core.assistant.config import AssistantConfig
from sleeplab_core.catalog import load_catalog as load_products
from sleeplab_core.conversation import BotSpec, Channel, Conversations, Router
from sleeplab_core.conversation.fakes import InMemoryIntake
from sleeplab_core.conversation.intake import UpdateIntake
from sleeplab_core.funnels import FUNNELS
from sleeplab_core.jobs import (
    BROADCAST_JOB_KIND,
    REMINDER_JOB_KIND,
    BroadcastSender,
    Handler,
    InMemoryJobQueue,
    JobQueue,
    QuietHours,
    ReminderSender,
    SendSchedule,
    StoredSegments,
)
from sleeplab_core.kernel.clock import Clock, SystemClock
from sleeplab_core.kernel.i18n import Catalog, Message
from sleeplab_core.kernel.modules import MemoryModule
from sleeplab_core.kernel.retry import Sleep
from sleeplab_core.ledger import InMemoryLedger, Ledger
from sleeplab_core.llm import (
    ChatModel,
    ProviderPool,
    ResiliencePolicy,
    ResilientChatModel,
    parse_provider_order,
    split_keys,
)
from sleeplab_core.operators import OPERATORS
from sleeplab_core.operators.ports import OperatorsUnitOfWorkFactory
from sleeplab_core.operators.texts import OverriddenCatalog
from sleeplab_core.operators.use_cases import text_overrides
from sleeplab_core.payments import Gateway, PaymentGateway, PaymentsContext
from sleeplab_core.platform import (
    SERVICES_GROUP,
    Bot,
    BotContext,
    ServiceEnvironment,
    UnknownBot,
    installed_bots,
    load_bot,
)
from sleeplab_core.questionnaires import QuestionnaireLibrary
from sleeplab_core.sleeplab.bot import build_sleeplab_bot, content_dir, sleeplab_ruleset
from sleeplab_core.sleeplab.definition import DOCUMENT_CATALOG_SERVICE, REPORT_RENDERER_SERVICE
from sleeplab_core.sleeplab.delivery import DELIVER_DIAGNOSIS_JOB_KIND, DiagnosisDeliverer
from sleeplab_core.sleeplab.flows.purchase import SleeplabPayments
from sleeplab_core.sleeplab.journey_jobs import DeliveryMode, JourneyJobs, with_journey_jobs
from sleeplab_core.sleeplab.messenger import ChannelMessenger
from sleeplab_core.sleeplab.results import DiagnosisKit
from sleeplab_core.sleeplab.segments import SLEEPLAB_SEGMENTS
from sleeplab_core.storage import InMemoryStore, UnitOfWork, UnitOfWorkFactory

if TYPE_CHECKING:
    from entrypoints.worker import HandlerRegistry

log = logging.getLogger(__name__)

ENV_PREFIX = "SLEEPLAB_"


async def _database(url: str, modules: tuple[str, ...] = ()) -> AsyncIterator[Database | None]:
    if _storage_kind(url) == "memory":
        yield None
        return
    database = await open_database(url, modules=sql_modules(modules))
    try:
        yield database
    finally:
        await database.close()


def _storage_kind(url: str) -> str:
    return "memory" if url.startswith("memory:") else "sql"


def _uow_from(database: Database | None) -> UnitOfWorkFactory:
    if database is None:
        raise RuntimeError("the database resource is not initialised")
    return TortoiseUnitOfWorkFactory(database)


def _intake_from(database: Database | None) -> UpdateIntake:
    if database is None:
        raise RuntimeError("the database resource is not initialised")
    return TortoiseIntake(database)


def _job_queue_from(database: Database | None) -> JobQueue:
    if database is None:
        raise RuntimeError("the database resource is not initialised")
    return TortoiseJobQueue(database)


class _DatabaseLedger:
    """The SQL ledger of the container's database, built on its first call.

    Bots are built synchronously, and a provider depending on the (async) database
    resource would hand them a future; this stand-in resolves the database when the
    ledger is first used, then delegates every call to one ``TortoiseLedger``.
    """

    def __init__(self, database: providers.Provider[Any], clock: SystemClock) -> None:
        self._database = database
        self._clock = clock
        self._ledger: TortoiseLedger | None = None

    def __getattr__(self, name: str) -> Any:
        async def call(*args: Any, **kwargs: Any) -> Any:
            return await getattr(await self._open(), name)(*args, **kwargs)

        return call

    async def _open(self) -> TortoiseLedger:
        if self._ledger is None:
            database = await resolve(self._database())
            if database is None:
                raise RuntimeError("the database resource is not initialised")
            self._ledger = TortoiseLedger(database, self._clock)
        return self._ledger


def build_chat_model(settings: Settings) -> ChatModel:
    """The providers of ``SLEEPLAB_LLM_PROVIDERS`` in order, behind retries and failover.

    A provider listed without any API key is left out (with a warning) so the bot still
    answers through the others; with none left, the offline assistant answers.
    """
    pools: list[ProviderPool] = []
    for name in parse_provider_order(settings.llm_providers):
        pool = _provider_pool(name, settings)
        if pool is None:
            log.warning("LLM provider %s is listed but has no API key; skipped", name)
        else:
            pools.append(pool)
    if not pools:
        pools.append(build_offline_pool())
    return ResilientChatModel(pools, ResiliencePolicy(timeout_seconds=settings.llm_timeout_seconds))


def _provider_pool(name: str, settings: Settings) -> ProviderPool | None:
    if name == "offline":
        return build_offline_pool()
    timeout = settings.llm_timeout_seconds
    if name == "openai":
        keys = split_keys(_reveal(settings.openai_api_keys), _reveal(settings.openai_api_key))
        if not keys:
            return None
        from adapters.llm_openai import build_openai_pool  # its SDK takes ~0.5 s to import

        return build_openai_pool(
            keys,
            model=settings.openai_model,
            base_url=settings.openai_base_url,
            timeout_seconds=timeout,
        )
    keys = split_keys(_reveal(settings.anthropic_api_keys), _reveal(settings.anthropic_api_key))
    if not keys:
        return None
    from adapters.llm_anthropic import build_anthropic_pool  # its SDK takes ~2 s to import

    return build_anthropic_pool(
        keys,
        model=settings.anthropic_model,
        base_url=settings.anthropic_base_url,
        timeout_seconds=timeout,
    )


def _reveal(secret: SecretStr | None) -> str | None:
    return secret.get_secret_value() if secret is not None else None


def _assistant_config(settings: Settings) -> AssistantConfig:
    return AssistantConfig(
        trial_messages=settings.assistant_trial_messages,
        trial_days=settings.assistant_trial_days,
        price_per_answer=settings.assistant_price_per_answer,
    )


ROBOKASSA_LOCALE = "ru"
"""Robokassa's payment page is Russian: the product is described in Russian there."""


def build_payment_gateways(
    settings: Settings, clock: Clock, texts: Catalog | None = None
) -> tuple[PaymentGateway, ...]:
    """The gateways the settings configure, in the order the price banner offers them:
    Stars always, then a card provider, Robokassa and a Tilda page when configured.
    ``texts`` gives the product titles the payment pages show (else the codes)."""
    token = _reveal(settings.telegram_token)
    api = BotApiPayments(token, settings.telegram_api_url) if token else None
    gateways: list[PaymentGateway] = [TelegramGateway(Gateway.STARS, api=api)]
    provider = _reveal(settings.telegram_provider_token)
    if provider:
        gateways.append(TelegramGateway(Gateway.PROVIDER, provider_token=provider, api=api))
    robokassa = robokassa_settings(settings)
    if robokassa is not None:
        describe = (
            (lambda product: texts.render(ROBOKASSA_LOCALE, Message(product.title_key)))
            if texts is not None
            else None
        )
        gateways.append(RobokassaGateway(robokassa, describe))
    tilda_secret, tilda_key = _reveal(settings.tilda_secret), _reveal(settings.tilda_token_secret)
    if settings.tilda_page_url and tilda_secret and tilda_key:
        gateways.append(
            TildaGateway(
                page_url=settings.tilda_page_url,
                webhook_secret=tilda_secret,
                token_secret=tilda_key.encode("utf-8"),
                clock=clock,
            )
        )
    return tuple(gateways)


def robokassa_settings(settings: Settings) -> RobokassaSettings | None:
    """Robokassa's settings when the login and both passwords are set, else None."""
    if not (settings.robokassa_login and settings.robokassa_password1):
        return None
    if settings.robokassa_password2 is None:
        return None
    return RobokassaSettings(
        login=settings.robokassa_login,
        password1=settings.robokassa_password1,
        password2=settings.robokassa_password2,
        hash=settings.robokassa_hash,  # validated by RobokassaSettings, any case
        test=settings.robokassa_test,
    )


def journey_jobs(settings: Settings) -> JourneyJobs:
    """SleepLab's delivery mode, delay, reminders and quiet hours from the settings."""
    start, _, end = settings.quiet_hours.partition("-")
    return JourneyJobs(
        delivery=DeliveryMode(settings.delivery),
        delay=timedelta(minutes=settings.delivery_delay_minutes),
        quiet=QuietHours(time.fromisoformat(start.zfill(5)), time.fromisoformat(end.zfill(5))),
        reminders=settings.reminders,
    )


def enabled_bots(settings: Settings) -> dict[str, Bot]:
    """The bots this deployment serves: ``SLEEPLAB_BOTS``, or every installed bot."""
    names = [name.strip() for name in settings.bots.split(",") if name.strip()]
    return {name: load_bot(name) for name in names or installed_bots()}


def _memory_modules(bots: Mapping[str, Bot | BotSpec]) -> list[MemoryModule]:
    # Modules every deployment has, whichever bots it serves: the console's operators and
    # the funnel event log the router writes.
    found: dict[str, MemoryModule] = {OPERATORS.name: OPERATORS, FUNNELS.name: FUNNELS}
    for bot in bots.values():
        if isinstance(bot, Bot):
            found.update((module.name, module) for module in bot.modules)
    return list(found.values())


def _module_names(bots: Mapping[str, Bot | BotSpec]) -> tuple[str, ...]:
    return tuple(module.name for module in _memory_modules(bots))


def settings_mapping(settings: Settings, *, secrets: bool) -> dict[str, str]:
    """Every ``SLEEPLAB_*`` setting by its lower-case name without the prefix: the declared
    ones (secrets revealed only with ``secrets=True``) and any other in the environment,
    so a bot or adapter can read keys of its own."""
    values: dict[str, str] = {}
    for name, value in os.environ.items():
        if name.startswith(ENV_PREFIX) and (secrets or not _looks_secret(name)):
            values[name[len(ENV_PREFIX) :].lower()] = value
    for name, value in settings.model_dump().items():
        if isinstance(value, SecretStr):
            if secrets:
                values[name] = value.get_secret_value()
            continue
        if value is not None:
            values[name] = str(value)
    return values


def _looks_secret(name: str) -> bool:
    return any(word in name for word in ("TOKEN", "SECRET", "PASSWORD", "KEY"))


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)

    clock = providers.Singleton(SystemClock)
    catalog = providers.Singleton(load_catalog)

    # The installed bots (name → Bot; tests may override with name → BotSpec).
    bots: providers.Provider[Mapping[str, Bot | BotSpec]] = providers.Singleton(
        enabled_bots, settings
    )
    # name → the BotSpec built from a Bot, and the bot's layered texts: once per container
    built_specs: providers.Provider[dict[str, BotSpec]] = providers.Singleton(dict)
    built_texts: providers.Provider[dict[str, Catalog]] = providers.Singleton(dict)

    database = providers.Resource(
        _database,
        url=providers.Callable(Settings.database, settings),
        modules=providers.Callable(_module_names, bots),
    )
    uow_factory: providers.Provider[UnitOfWorkFactory] = providers.Selector(
        providers.Callable(_storage_kind, providers.Callable(Settings.database, settings)),
        memory=providers.Singleton(
            InMemoryStore, modules=providers.Callable(_memory_modules, bots)
        ),
        sql=providers.Callable(_uow_from, database),
    )
    # The workers' side of the job store, over the same store the units of work enqueue into.
    job_queue: providers.Provider[JobQueue] = providers.Selector(
        providers.Callable(_storage_kind, providers.Callable(Settings.database, settings)),
        memory=providers.Callable(InMemoryJobQueue, uow_factory),
        sql=providers.Callable(_job_queue_from, database),
    )
    # Telegram updates stored before they are acknowledged, in the same store.
    intake: providers.Provider[UpdateIntake] = providers.Selector(
        providers.Callable(_storage_kind, providers.Callable(Settings.database, settings)),
        memory=providers.Singleton(InMemoryIntake),
        sql=providers.Callable(_intake_from, database),
    )
    documents = providers.Singleton(
        FileSystemDocumentStore,
        root=providers.Callable(lambda s: Path(s.document_store_dir), settings),
    )
    questionnaires = providers.Singleton(QuestionnaireLibrary.from_directory, content_dir())

    document_library = providers.Singleton(
        load_library, providers.Callable(lambda s: s.documents_dir, settings)
    )
    diagnosis_kit = providers.Singleton(
        DiagnosisKit,
        ruleset=providers.Singleton(sleeplab_ruleset),
        catalog=catalog,
        documents=providers.Callable(lambda library: library.catalog, document_library),
        store=documents,
        renderer=providers.Singleton(LazyReportRenderer),
    )
    sleeplab_bot = providers.Singleton(
        build_sleeplab_bot, library=questionnaires, documents=documents, kit=diagnosis_kit
    )
    products = providers.Singleton(load_products)
    ledger: providers.Provider[Ledger] = providers.Selector(
        providers.Callable(_storage_kind, providers.Callable(Settings.database, settings)),
        memory=providers.Singleton(InMemoryLedger, clock),
        sql=providers.Singleton(_DatabaseLedger, database.provider, clock),
    )
    payment_gateways = providers.Singleton(build_payment_gateways, settings, clock, catalog)
    payments = providers.Singleton(
        PaymentsContext, uow=uow_factory, catalog=products, clock=clock, ledger=ledger
    )
    sleeplab_payments = providers.Singleton(
        SleeplabPayments, catalog=products, ledger=ledger, gateways=payment_gateways
    )
    sleeplab_bot.add_kwargs(payments=sleeplab_payments)
    chat_model = providers.Singleton(build_chat_model, settings)
    assistant_bot = providers.Singleton(
        build_assistant_bot,
        model=chat_model,
        ledger=ledger,
        products=products,
        clock=clock,
        config=providers.Callable(_assistant_config, settings),
    )
    journey_jobs = providers.Singleton(journey_jobs, settings)
    sleeplab_bot_on_jobs = providers.Singleton(with_journey_jobs, sleeplab_bot, journey_jobs)

    router = providers.Factory(Router, uow=uow_factory, clock=clock, catalog=catalog)


def build_container(settings: Settings | None = None) -> Container:
    return Container(settings=settings or Settings())


async def conversations_for(container: Container, bot: str) -> Conversations:
    """The use case a channel drives for ``bot``, with storage opened."""
    await resolve(container.init_resources())
    await container.document_library().install(container.documents())
    spec = await bot_spec(container, bot)
    texts = await bot_texts(container, bot)
    await refresh_text_overrides(container, bot)
    router: Router = await resolve(container.router(bot=spec, catalog=texts))
    fresh = cast(Router, FreshTexts(router, container, bot))
    return Conversations(with_operator_commands(fresh, container))


TEXTS_REFRESH_SECONDS = 30.0


class FreshTexts:
    """A bot's router that re-reads the operators' text overrides before an update when
    the last read is older than :data:`TEXTS_REFRESH_SECONDS` (edits made in another
    process show within that time; the console refreshes its own process at once)."""

    def __init__(self, router: Router, container: Container, bot: str) -> None:
        self._router = router
        self._container = container
        self._bot = bot
        self._read_at = monotonic()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._router, name)

    async def handle(self, event: Any) -> Any:
        if monotonic() - self._read_at >= TEXTS_REFRESH_SECONDS:
            self._read_at = monotonic()
            try:
                await refresh_text_overrides(self._container, self._bot)
            except Exception:
                log.exception("text overrides not re-read; the last ones stay")
        return await self._router.handle(event)


def with_operator_commands(router: Router, container: Container) -> Router:
    """The router with ``/admin`` in front for the configured operator ids (none: as is)."""
    from entrypoints.telegram_admin import OperatorCommands, operator_ids

    ids = operator_ids(container.settings().operator_telegram_ids)
    return cast(Router, OperatorCommands(router, container, ids)) if ids else router


async def bot_spec(container: Container, name: str) -> BotSpec:
    """The flows of the installed bot ``name``, built once per container.

    Raises:
        UnknownBot: no bot of that name is installed (or enabled by ``SLEEPLAB_BOTS``).
    """
    bots = container.bots()
    if name not in bots:
        raise UnknownBot(name, sorted(bots))
    entry = bots[name]
    if isinstance(entry, BotSpec):
        return entry
    built: dict[str, BotSpec] = container.built_specs()
    if name not in built:
        built[name] = entry.build(bot_context(container, name))
    return built[name]


async def bot_texts(container: Container, name: str) -> Catalog:
    """The library's texts, the bot's own catalogs laid over them, then the operators'
    overrides (read by :func:`refresh_text_overrides`)."""
    return _texts_of(container, name)


async def refresh_text_overrides(container: Container, name: str) -> None:
    """Read the operators' overrides of bot ``name`` from storage into its texts."""
    texts = _texts_of(container, name)
    if isinstance(texts, OverriddenCatalog):
        factory = cast(OperatorsUnitOfWorkFactory, await unit_of_work_factory(container))
        texts.replace(await text_overrides(factory, name))


def _texts_of(container: Container, name: str) -> Catalog:
    cache: dict[str, Catalog] = container.built_texts()
    if name not in cache:
        entry = container.bots().get(name)
        base: Catalog = (
            load_catalog(overlays=[entry.locales])
            if isinstance(entry, Bot) and entry.locales is not None
            else container.catalog()
        )
        cache[name] = OverriddenCatalog(base)
    return cache[name]


def bot_context(container: Container, name: str) -> BotContext:
    """What the platform gives the bot ``name``: storage, clock, texts, money, model, services.

    Safe to build before the database is open (web routes are built at app creation): units
    of work open the database resource on first use.
    """
    settings: Settings = container.settings()
    clock = container.clock()
    library = container.document_library()
    uow = DeferredUnitOfWorkFactory(container)
    return BotContext(
        name=name,
        uow=uow,
        clock=clock,
        texts=_texts_of(container, name),
        ledger=container.ledger(),
        chat_model=container.chat_model(),
        documents=container.documents(),
        payments=PaymentsContext(
            uow=uow, catalog=container.products(), clock=clock, ledger=container.ledger()
        ),
        gateways=container.payment_gateways(),
        data_dir=settings.data_dir,
        settings=settings_mapping(settings, secrets=False),
        services=build_services(
            settings,
            clock,
            built={
                DOCUMENT_CATALOG_SERVICE: library.catalog,
                REPORT_RENDERER_SERVICE: LazyReportRenderer(),
            },
        ),
    )


class DeferredUnitOfWorkFactory:
    """The container's unit-of-work factory, resolved (and the database opened) on first use."""

    def __init__(self, container: Container) -> None:
        self._container = container

    def __call__(self) -> UnitOfWork:
        return cast(UnitOfWork, _DeferredUnitOfWork(self._container))


class _DeferredUnitOfWork:
    def __init__(self, container: Container) -> None:
        self._container = container
        self._inner: Any = None

    async def __aenter__(self) -> Any:
        factory = await unit_of_work_factory(self._container)
        self._inner = factory()
        return await self._inner.__aenter__()

    async def __aexit__(self, *exc_info: Any) -> None:
        await self._inner.__aexit__(*exc_info)

    async def commit(self) -> None:
        await self._inner.commit()

    def released(self) -> Any:
        return self._inner.released()


def build_services(
    settings: Settings, clock: Clock, built: Mapping[str, object] | None = None
) -> Mapping[str, object]:
    """The adapters registered under ``sleeplab.services``, each built on first use.

    A bot asks only for its own services, so another bot's adapters (and the SDKs they
    import) are never loaded in its process. A factory returning None (not configured)
    reads as absent.
    """
    environment = ServiceEnvironment(
        settings=settings_mapping(settings, secrets=True),
        data_dir=settings.data_dir,
        clock=clock,
    )
    entries = {ep.name: ep for ep in entry_points(group=SERVICES_GROUP)}
    return LazyServices(entries, environment, built or {})


class LazyServices(Mapping[str, object]):
    """A read-only mapping of service name → adapter, built by its entry point when read."""

    def __init__(
        self,
        entries: Mapping[str, Any],
        environment: ServiceEnvironment,
        built: Mapping[str, object],
    ) -> None:
        self._entries = {**entries, **dict.fromkeys(built)}
        self._environment = environment
        self._built: dict[str, object | None] = dict(built)

    def __getitem__(self, name: str) -> object:
        if name not in self._built:
            entry = self._entries[name]  # KeyError for an unknown name, as a dict would
            self._built[name] = entry.load()(self._environment)
        found = self._built[name]
        if found is None:
            raise KeyError(name)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


async def unit_of_work_factory(container: Container) -> UnitOfWorkFactory:
    """The unit-of-work factory, once the database resource is open."""
    await resolve(container.init_resources())
    factory: UnitOfWorkFactory = await resolve(container.uow_factory())
    return factory


async def resolve(value: Any) -> Any:
    """A provider's value: dependency-injector returns awaitables for async resources."""
    return await value if inspect.isawaitable(value) else value


async def sleeplab_handlers(
    container: Container, channel: Channel, *, sleep: Sleep = asyncio.sleep
) -> dict[str, Handler]:
    """SleepLab's job handlers by kind, sending through ``channel`` (any conversation
    channel: Telegram's for the worker, a recording one for smoke tests).

    Kinds: ``sleeplab.deliver_diagnosis``, ``reminder.send``, ``broadcast.send``.
    """
    conversations = await conversations_for(container, "sleeplab")
    router = conversations.router
    messenger = ChannelMessenger(channel, router)
    settings: Settings = container.settings()
    jobs: JourneyJobs = container.journey_jobs()
    uow, catalog, clock = router.unit_of_work, container.catalog(), container.clock()
    segments = StoredSegments(uow, SLEEPLAB_SEGMENTS)
    limiter = SendSchedule(rate=settings.broadcast_rate)
    return {
        DELIVER_DIAGNOSIS_JOB_KIND: DiagnosisDeliverer(
            uow, messenger, router.bot, catalog, clock, jobs
        ),
        REMINDER_JOB_KIND: ReminderSender(uow, messenger, catalog, clock, jobs.quiet),
        BROADCAST_JOB_KIND: BroadcastSender(
            uow, messenger, segments, catalog, clock, limiter=limiter, sleep=sleep
        ),
    }


def register_sleeplab_handlers(
    channel_of: Callable[[Container], Channel], registry: HandlerRegistry | None = None
) -> None:
    """Register SleepLab's job kinds with ``sleeplab worker``'s registry (or ``registry``),
    sending through the channel ``channel_of(container)`` returns (Telegram's, in production)."""
    from entrypoints.worker import handlers

    register_handler = (registry or handlers).register

    built: dict[int, dict[str, Handler]] = {}

    async def factory_of(kind: str, container: Container) -> Handler:
        if id(container) not in built:
            built[id(container)] = await sleeplab_handlers(container, channel_of(container))
        return built[id(container)][kind]

    for kind in (DELIVER_DIAGNOSIS_JOB_KIND, REMINDER_JOB_KIND, BROADCAST_JOB_KIND):
        register_handler(kind, functools.partial(factory_of, kind))


async def register_bot_handlers(
    container: Container, bot: str, channel: Channel, registry: HandlerRegistry | None = None
) -> list[str]:
    """Register the job handlers an installed bot declares (``Bot.jobs``), sending through
    ``channel``. Returns the kinds registered (none for a bot without jobs)."""
    from entrypoints.worker import handlers

    entry = container.bots().get(bot)
    if not isinstance(entry, Bot) or entry.jobs is None:
        return []
    conversations = await conversations_for(container, bot)
    messenger = ChannelMessenger(channel, conversations.router)
    built = dict(entry.jobs(bot_context(container, bot), messenger))

    def factory_of(kind: str) -> Callable[[Container], Handler]:
        return lambda _container: built[kind]

    for kind in built:
        (registry or handlers).register(kind, factory_of(kind))
    return sorted(built)
