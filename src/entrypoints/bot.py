"""``sleeplab bot``: run a bot in Telegram with aiogram or python-telegram-bot.

Both frameworks are thin translators around the same conversation core; this module picks
one, wires it to the container and runs it by long polling or behind the web app's webhook.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Literal, Protocol

import attrs

from entrypoints.containers import Container, bot_texts, conversations_for, resolve
from entrypoints.secret_policy import check_secrets, require_strong
from entrypoints.settings import Settings
from sleeplab_core.conversation import Action, Channel, Receipt
from sleeplab_core.conversation.intake import IntakeTimings
from sleeplab_core.conversation.outbound import (
    CommandMenu,
    Delivery,
    OutboundLimits,
    Outbox,
    command_menus,
)
from sleeplab_core.conversation.send_limits import SendLimiter

log = logging.getLogger(__name__)

Framework = Literal["aiogram", "ptb"]
Mode = Literal["polling", "webhook"]
FRAMEWORKS: tuple[Framework, ...] = ("aiogram", "ptb")


class TelegramRuntime(Protocol):
    """What the runner and the web app need from a framework adapter."""

    framework: str

    async def start(self) -> None: ...

    async def set_commands(self, menus: list[CommandMenu]) -> None: ...

    async def run_polling(self, *, polling_timeout: int = 30) -> None: ...

    def stop_polling(self) -> None: ...

    async def set_webhook(self, url: str, secret: str) -> None: ...

    async def accept(self, body: object) -> bool: ...

    def serve_updates(self) -> None: ...

    async def drain(self) -> None: ...

    async def close(self) -> None: ...


class BotConfigError(ValueError):
    """Telegram settings are missing or invalid; the message names the variable to set."""


@attrs.frozen
class ClientOptions:
    """How the framework's HTTP client is built; tests pass loopback-friendly clients.

    Attributes:
        aiogram_session: a factory of aiogram sessions taking the API base URL.
        ptb_request: a factory of PTB ``BaseRequest`` objects (one per call kind).
    """

    aiogram_session: Callable[[str], object] | None = None
    ptb_request: Callable[[], object] | None = None


def outbound_limits(settings: Settings) -> OutboundLimits:
    """The send rates configured in the settings."""
    return OutboundLimits(
        global_rate=settings.telegram_global_rate,
        global_burst=settings.telegram_global_burst,
        chat_rate=settings.telegram_chat_rate,
        chat_burst=settings.telegram_chat_burst,
    )


def send_limiter(settings: Settings, token: str) -> SendLimiter | None:
    """Redis-shared send limits when ``SLEEPLAB_REDIS_URL`` is set (None: in process)."""
    if not settings.redis_url:
        return None
    from adapters.redis_limits import redis_send_limiter

    bot_id = token.split(":", 1)[0]  # the public part of the token: limits are per bot
    return redis_send_limiter(settings.redis_url, outbound_limits(settings), f"sleeplab:{bot_id}")


def intake_timings(settings: Settings) -> IntakeTimings:
    """The intake's lease and retention configured in the settings."""
    return IntakeTimings(
        lease=timedelta(seconds=settings.intake_lease_seconds),
        retention=timedelta(days=settings.intake_retention_days),
    )


def token_of(settings: Settings) -> str:
    if settings.telegram_token is None or not settings.telegram_token.get_secret_value():
        raise BotConfigError("set SLEEPLAB_TELEGRAM_TOKEN to the token BotFather gave you")
    return settings.telegram_token.get_secret_value()


def webhook_secret_of(settings: Settings) -> str:
    """The webhook secret, when it is strong.

    Raises:
        WeakSecret: unset, too short or with characters Telegram does not accept.
    """
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
    return require_strong("SLEEPLAB_WEBHOOK_SECRET", secret)


async def build_telegram(
    container: Container,
    *,
    bot: str = "sleeplab",
    framework: Framework | None = None,
    options: ClientOptions | None = None,
) -> TelegramRuntime:
    """Open storage, build the framework adapter for ``bot``, check the token, set the menu.

    Raises:
        BotConfigError: no token, or an unknown framework.
    """
    settings: Settings = container.settings()
    token = token_of(settings)
    framework = framework or settings.telegram_framework
    options = options or ClientOptions()
    conversations = await conversations_for(container, bot)
    catalog = await bot_texts(container, bot)  # the library texts with the bot's own laid over
    delivery = Delivery(conversations, catalog)
    outbox = Outbox(
        outbound_limits(settings), container.clock(), limiter=send_limiter(settings, token)
    )
    api_url = settings.telegram_api_url.rstrip("/")
    common = {
        "delivery": delivery,
        "outbox": outbox,
        "documents": container.documents(),
        "intake": await resolve(container.intake()),
        "clock": container.clock(),
        "bot_name": bot,
        "timings": intake_timings(settings),
    }
    runtime: TelegramRuntime
    if framework == "aiogram":
        from adapters.telegram_aiogram import AiogramTelegram, aiogram_bot

        session = options.aiogram_session(api_url) if options.aiogram_session else None
        runtime = AiogramTelegram(aiogram_bot(token, api_url, session), **common)  # type: ignore[arg-type]
    elif framework == "ptb":
        from adapters.telegram_ptb import PtbTelegram, ptb_application

        make = options.ptb_request
        application = ptb_application(
            token,
            api_url,
            request=make() if make else None,  # type: ignore[arg-type]
            get_updates_request=make() if make else None,  # type: ignore[arg-type]
        )
        runtime = PtbTelegram(application, **common)
    else:
        raise BotConfigError(f"unknown framework {framework!r}; choose one of {FRAMEWORKS}")
    await runtime.start()
    await runtime.set_commands(command_menus(conversations.router.bot, catalog))
    return runtime


async def run_polling(
    container: Container,
    *,
    bot: str = "sleeplab",
    framework: Framework | None = None,
    options: ClientOptions | None = None,
    with_worker: bool = False,
) -> None:
    """Run ``bot`` by long polling until SIGTERM, SIGINT or cancellation, then drain.

    Fetched updates are stored before Telegram is told they arrived; on a signal polling
    stops, the updates being processed finish, storage is closed. ``with_worker`` also runs
    the job worker in this process (a small deployment on SQLite), sending deliveries and
    reminders through the same runtime.
    """
    runtime: TelegramRuntime | None = None
    try:
        runtime = await build_telegram(container, bot=bot, framework=framework, options=options)
        polling_timeout = container.settings().telegram_polling_timeout
        log.warning("%s bot %s polling", runtime.framework, bot)
        with stop_on_signals(runtime.stop_polling):
            if with_worker:
                await _poll_with_worker(container, runtime, polling_timeout)
            else:
                await runtime.run_polling(polling_timeout=polling_timeout)
        log.warning("%s bot %s stopping: draining updates in progress", runtime.framework, bot)
    finally:
        if runtime is not None:
            await runtime.close()
        await resolve(container.shutdown_resources())


@contextlib.contextmanager
def stop_on_signals(stop: Callable[[], None]) -> Iterator[None]:
    """Call ``stop`` on SIGTERM or SIGINT while the block runs (instead of dying mid-work)."""
    loop = asyncio.get_running_loop()
    installed = []
    for number in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(number, stop)
            installed.append(number)
    try:
        yield
    finally:
        for number in installed:
            loop.remove_signal_handler(number)


async def _poll_with_worker(
    container: Container, runtime: TelegramRuntime, polling_timeout: int
) -> None:
    from entrypoints.containers import register_sleeplab_handlers
    from entrypoints.worker import HandlerRegistry, build_worker, worker_settings

    push: Channel = runtime.push_channel  # type: ignore[attr-defined]
    registry = HandlerRegistry()
    register_sleeplab_handlers(lambda _container: push, registry)
    worker = await build_worker(container, worker_settings(), registry=registry)
    async with asyncio.TaskGroup() as group:
        group.create_task(worker.run())
        try:
            await runtime.run_polling(polling_timeout=polling_timeout)
        finally:
            worker.stop()


def run_bot(
    container: Container,
    *,
    bot: str,
    framework: Framework,
    mode: Mode,
    with_worker: bool = False,
) -> None:
    """The ``sleeplab bot`` command: polling here, or the web app serving the webhook."""
    settings: Settings = container.settings()
    token_of(settings)
    check_secrets(settings)
    if mode == "polling":
        asyncio.run(run_polling(container, bot=bot, framework=framework, with_worker=with_worker))
        return
    if not settings.webhook_url:
        raise BotConfigError("set SLEEPLAB_WEBHOOK_URL to the public https URL of the webhook")
    webhook_secret_of(settings)
    from entrypoints.web.app import serve

    serve(container, bot=bot, framework=framework)


class TelegramPushChannel:
    """A channel to any user's chat for work done outside an update (the job worker).

    The Telegram runtime is built on the first send, so a worker with nothing to send needs
    no connection to Telegram.
    """

    def __init__(
        self, container: Container, *, bot: str = "sleeplab", options: ClientOptions | None = None
    ) -> None:
        self._container = container
        self._bot = bot
        self._options = options
        self._runtime: TelegramRuntime | None = None
        self._lock = asyncio.Lock()

    async def perform(
        self, user_id: int, actions: list[Action], message_ids: dict[str, int]
    ) -> list[Receipt]:
        async with self._lock:
            if self._runtime is None:
                self._runtime = await build_telegram(
                    self._container, bot=self._bot, options=self._options
                )
        push: Channel = self._runtime.push_channel  # type: ignore[attr-defined]
        return await push.perform(user_id, actions, message_ids)

    async def close(self) -> None:
        """Close the runtime (its HTTP session), if one was built; closing twice is harmless."""
        runtime, self._runtime = self._runtime, None
        if runtime is not None:
            await runtime.close()


def telegram_handlers_for_worker(container: Container) -> TelegramPushChannel | None:
    """Register SleepLab's job handlers sending through Telegram, when a token is set."""
    from entrypoints.containers import register_sleeplab_handlers

    settings: Settings = container.settings()
    if settings.telegram_token is None:
        log.warning("no SLEEPLAB_TELEGRAM_TOKEN: SleepLab deliveries and reminders wait")
        return None
    channel = TelegramPushChannel(container)
    register_sleeplab_handlers(lambda _container: channel)
    return channel
