"""The composition root: one dependency-injector container builds every object from config.

Nothing is constructed at import time. ``build_container(settings)`` returns a container;
``await container.init_resources()`` opens the database; ``shutdown_resources`` closes it.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from dependency_injector import containers, providers

from adapters.babel_catalog import load_catalog
from adapters.documents import FileSystemDocumentStore, load_library
from adapters.documents.lazy import LazyReportRenderer
from adapters.tortoise import Database, TortoiseUnitOfWorkFactory, open_database
from entrypoints.settings import Settings
from sleeplab_core.conversation import Conversations, Router
from sleeplab_core.diagnosis import builtin_ruleset
from sleeplab_core.kernel.clock import SystemClock
from sleeplab_core.questionnaires import QuestionnaireLibrary
from sleeplab_core.sleeplab.bot import build_sleeplab_bot, content_dir
from sleeplab_core.sleeplab.results import DiagnosisKit
from sleeplab_core.storage import InMemoryStore, UnitOfWorkFactory


async def _database(url: str) -> AsyncIterator[Database | None]:
    if _storage_kind(url) == "memory":
        yield None
        return
    database = await open_database(url)
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


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)

    clock = providers.Singleton(SystemClock)
    catalog = providers.Singleton(load_catalog)

    database = providers.Resource(_database, url=providers.Callable(Settings.database, settings))
    uow_factory: providers.Provider[UnitOfWorkFactory] = providers.Selector(
        providers.Callable(_storage_kind, providers.Callable(Settings.database, settings)),
        memory=providers.Singleton(InMemoryStore),
        sql=providers.Callable(_uow_from, database),
    )
    documents = providers.Singleton(
        FileSystemDocumentStore,
        root=providers.Callable(lambda s: Path(s.documents_dir), settings),
    )
    questionnaires = providers.Singleton(QuestionnaireLibrary.from_directory, content_dir())

    document_library = providers.Singleton(load_library)
    diagnosis_kit = providers.Singleton(
        DiagnosisKit,
        ruleset=providers.Singleton(builtin_ruleset, "sleeplab"),
        catalog=catalog,
        documents=providers.Callable(lambda library: library.catalog, document_library),
        store=documents,
        renderer=providers.Singleton(LazyReportRenderer),
    )
    sleeplab_bot = providers.Singleton(
        build_sleeplab_bot, library=questionnaires, documents=documents, kit=diagnosis_kit
    )
    bots = providers.Dict(sleeplab=sleeplab_bot)

    router = providers.Factory(Router, uow=uow_factory, clock=clock, catalog=catalog)


def build_container(settings: Settings | None = None) -> Container:
    return Container(settings=settings or Settings())


async def conversations_for(container: Container, bot: str) -> Conversations:
    """The use case a channel drives for ``bot``, with storage opened."""
    await resolve(container.init_resources())
    await container.document_library().install(container.documents())
    spec = container.bots()[bot]
    router: Router = await resolve(container.router(bot=spec))
    return Conversations(router)


async def unit_of_work_factory(container: Container) -> UnitOfWorkFactory:
    """The unit-of-work factory, once the database resource is open."""
    await resolve(container.init_resources())
    factory: UnitOfWorkFactory = await resolve(container.uow_factory())
    return factory


async def resolve(value: Any) -> Any:
    """A provider's value: dependency-injector returns awaitables for async resources."""
    return await value if inspect.isawaitable(value) else value
