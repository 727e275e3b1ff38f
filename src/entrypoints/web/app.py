"""``create_app(container)``: the FastAPI app, a small assembly of routers.

Each feature adds its routes as a router module next to this one and one line below.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import entry_points
from typing import Any

from fastapi import APIRouter, FastAPI, Request

from entrypoints.bot import ClientOptions, Framework, build_telegram, webhook_secret_of
from entrypoints.containers import Container, bot_context, resolve
from entrypoints.log_hygiene import install as install_log_hygiene
from entrypoints.secret_policy import check_secrets
from entrypoints.settings import Settings
from entrypoints.web import admin, payments, telegram
from entrypoints.web.limits import BodyLimits
from entrypoints.web.server import uvicorn_options

log = logging.getLogger(__name__)

WEB_GROUP = "sleeplab.web"


def create_app(
    container: Container,
    *,
    bot: str = "sleeplab",
    framework: Framework | None = None,
    options: ClientOptions | None = None,
) -> FastAPI:
    """The HTTP app. With a Telegram token configured, the bot runs behind the webhook.

    ``SLEEPLAB_WEBHOOK_URL`` set: the webhook is registered with Telegram on startup (with
    ``SLEEPLAB_WEBHOOK_SECRET``, which is then required).

    Raises:
        WeakSecret: a configured webhook or callback secret is weak (see
            :mod:`entrypoints.secret_policy`); nothing starts.
    """
    check_secrets(container.settings())
    install_log_hygiene(container.settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settings: Settings = container.settings()
        app.state.telegram = None
        app.state.webhook_secret = None
        try:
            if settings.telegram_token is not None:
                await _start_telegram(app, container, settings, bot, framework, options)
            yield
        finally:
            if app.state.telegram is not None:
                await app.state.telegram.close()  # drains the updates in progress
            await resolve(container.shutdown_resources())

    app = FastAPI(title="sleeplab", lifespan=lifespan)
    app.add_middleware(BodyLimits)
    app.add_api_route("/health", health, methods=["GET"])
    app.include_router(telegram.router)
    app.include_router(payments.router_for(container))
    for router in bot_routers(container):
        app.include_router(router)
    admin.install(app, container)
    return app


def bot_routers(container: Container) -> list[APIRouter]:
    """The HTTP routes of every enabled bot registered under ``sleeplab.web``.

    Each entry point names ``build_router(ctx: BotContext) -> APIRouter``; the context's
    units of work open the database on first use, so routes are built before it opens.
    """
    enabled = container.bots()
    routers: list[APIRouter] = []
    for entry in entry_points(group=WEB_GROUP):
        if entry.name in enabled:
            routers.append(entry.load()(bot_context(container, entry.name)))
    return routers


async def health(request: Request) -> dict[str, Any]:
    """Liveness, and which Telegram framework serves the webhook (None: no bot here)."""
    runtime = getattr(request.app.state, "telegram", None)
    return {"status": "ok", "telegram": runtime.framework if runtime else None}


async def _start_telegram(
    app: FastAPI,
    container: Container,
    settings: Settings,
    bot: str,
    framework: Framework | None,
    options: ClientOptions | None,
) -> None:
    secret = webhook_secret_of(settings) if settings.webhook_secret else None
    runtime = await build_telegram(container, bot=bot, framework=framework, options=options)
    app.state.telegram = runtime
    app.state.webhook_secret = secret
    runtime.serve_updates()  # also the ones stored before a crash or by another process
    if settings.webhook_url:
        if secret is None:
            secret = webhook_secret_of(settings)  # raises: a public webhook needs a secret
        await runtime.set_webhook(settings.webhook_url, secret)
        log.warning("%s webhook registered for bot %s", runtime.framework, bot)


def serve(
    container: Container, *, bot: str = "sleeplab", framework: Framework | None = None
) -> None:
    """Serve the app with uvicorn on ``SLEEPLAB_WEB_HOST``:``SLEEPLAB_WEB_PORT``, with the
    timeouts and limits of :mod:`entrypoints.web.server`."""
    import uvicorn

    settings: Settings = container.settings()
    app = create_app(container, bot=bot, framework=framework)
    uvicorn.run(
        app,
        host=settings.web_host,
        port=settings.web_port,
        log_level="warning",
        **uvicorn_options(),
    )
