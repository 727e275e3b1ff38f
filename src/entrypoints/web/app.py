"""``create_app(container)``: the FastAPI app, a small assembly of routers.

Each feature adds its routes as a router module next to this one and one line below.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request

from entrypoints.bot import ClientOptions, Framework, build_telegram, webhook_secret_of
from entrypoints.containers import Container, resolve
from entrypoints.settings import Settings
from entrypoints.web import payments, telegram

log = logging.getLogger(__name__)


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
    """

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
    app.add_api_route("/health", health, methods=["GET"])
    app.include_router(telegram.router)
    app.include_router(payments.router_for(container))
    return app


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
    """Serve the app with uvicorn on ``SLEEPLAB_WEB_HOST``:``SLEEPLAB_WEB_PORT``."""
    import uvicorn

    settings: Settings = container.settings()
    app = create_app(container, bot=bot, framework=framework)
    uvicorn.run(app, host=settings.web_host, port=settings.web_port, log_level="warning")
