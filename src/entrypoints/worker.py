"""``sleeplab worker``: runs due jobs from the container's job queue until SIGTERM or SIGINT.

Handlers are registered by job kind, before the worker starts, with :func:`register_handler`
(a factory gets the container, so a handler can take the messenger, the units of work and
the clock from it)::

    from entrypoints.worker import register_handler

    register_handler("reminder.send", lambda container: ReminderSender(...))

Modules that register handlers are imported by whoever starts the worker: the bot's
composition, or ``sleeplab worker --plugin my_package.jobs``. On SIGTERM/SIGINT the worker
claims nothing more, records the jobs in flight, and exits; a worker killed outright
leaves its leases to expire, and another worker runs those jobs again (at least once).
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import logging
import os
import signal
import socket
from collections.abc import Awaitable, Callable, Iterable, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sleeplab_core.jobs import Handler, JobQueue, Worker, WorkerSettings
from sleeplab_core.kernel.clock import Clock

if TYPE_CHECKING:
    from entrypoints.containers import Container

log = logging.getLogger(__name__)

HandlerFactory = Callable[["Container"], Handler | Awaitable[Handler]]
"""Builds the handler of one job kind from the container (may be async)."""

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class HandlerRegistry:
    """Handler factories by job kind; the worker builds its handlers from them at start."""

    def __init__(self) -> None:
        self._factories: dict[str, HandlerFactory] = {}

    def register(self, kind: str, factory: HandlerFactory) -> None:
        """Run jobs of ``kind`` with the handler ``factory`` builds.

        Raises:
            ValueError: another factory already handles ``kind`` (two modules claim one
                kind; registering the same factory again is harmless).
        """
        known = self._factories.get(kind)
        if known is not None and known is not factory:
            raise ValueError(f"job kind {kind!r} already has a handler ({known!r})")
        self._factories[kind] = factory

    def kinds(self) -> list[str]:
        return sorted(self._factories)

    async def build(self, container: Container) -> dict[str, Handler]:
        """A handler per registered kind, built from ``container``."""
        handlers: dict[str, Handler] = {}
        for kind, factory in self._factories.items():
            built = factory(container)
            handlers[kind] = await built if inspect.isawaitable(built) else built
        return handlers


handlers = HandlerRegistry()
"""The registry ``sleeplab worker`` uses."""


def register_handler(kind: str, factory: HandlerFactory) -> None:
    """Register a handler factory for ``kind`` with the worker (see :class:`HandlerRegistry`)."""
    handlers.register(kind, factory)


def import_plugins(modules: Iterable[str]) -> None:
    """Import modules that register handlers when imported (``--plugin``)."""
    for module in modules:
        importlib.import_module(module)


def default_worker_name() -> str:
    """``host:pid``: unique per process, and says where a stuck lease came from."""
    return f"{socket.gethostname()}:{os.getpid()}"


async def build_worker(
    container: Container,
    settings: WorkerSettings,
    *,
    registry: HandlerRegistry = handlers,
    own_kinds_only: bool = False,
) -> Worker:
    """A worker over the container's job queue with the registry's handlers (storage opened).

    ``own_kinds_only`` leaves jobs of other kinds to the workers that know them."""
    from entrypoints.containers import resolve

    await resolve(container.init_resources())
    queue: JobQueue = await resolve(container.job_queue())
    clock: Clock = container.clock()
    built: Mapping[str, Handler] = await registry.build(container)
    return Worker(queue, built, clock, settings, own_kinds_only=own_kinds_only)


async def run_worker(
    container: Container,
    settings: WorkerSettings,
    *,
    registry: HandlerRegistry = handlers,
    ready: Callable[[Worker], Any] | None = None,
) -> None:
    """Run a worker until SIGTERM or SIGINT, then let the jobs in flight finish and close.

    Args:
        ready: called with the worker once it runs (tests, or a bot running it in-process).
    """
    from entrypoints.containers import resolve

    worker = await build_worker(container, settings, registry=registry)
    loop = asyncio.get_running_loop()
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, _stopper(worker, sig))
    log.warning(
        "worker %s started: kinds %s, lease %s, batch %s",
        worker.name,
        ", ".join(registry.kinds()) or "(none registered)",
        settings.lease,
        settings.batch_size,
    )
    try:
        if ready is not None:
            ready(worker)
        await worker.run()
    finally:
        for sig in STOP_SIGNALS:
            loop.remove_signal_handler(sig)
        await resolve(container.shutdown_resources())
    log.warning("worker %s stopped", worker.name)


def _stopper(worker: Worker, sig: signal.Signals) -> Callable[[], None]:
    def stop() -> None:
        log.warning("worker %s got %s: finishing the jobs in flight", worker.name, sig.name)
        worker.stop()

    return stop


def worker_settings(
    *,
    name: str | None = None,
    lease_seconds: float = 120.0,
    batch_size: int = 10,
    poll_interval: float = 1.0,
) -> WorkerSettings:
    """:class:`WorkerSettings` from the command line's options."""
    return WorkerSettings(
        name=name or default_worker_name(),
        lease=timedelta(seconds=lease_seconds),
        batch_size=batch_size,
        poll_interval=poll_interval,
    )
