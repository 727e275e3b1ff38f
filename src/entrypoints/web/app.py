"""``create_app(container)``: the FastAPI app, a small assembly of routers.

Each feature adds its routes as a router module next to this one and one line below.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
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
HEALTH_GROUP = "sleeplab.health"
HEALTH_TIMEOUT_SECONDS = 5.0
HealthCheck = Callable[[], Awaitable[str]]


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
    app.state.health_checks = bot_health_checks(container, bot)
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


def bot_health_checks(container: Container, bot: str) -> dict[str, HealthCheck]:
    """The dependency checks the served bot registered under ``sleeplab.health`` (if it
    is enabled here): ``/health`` speaks for the bot this process serves.

    Each entry point names ``build_checks(ctx: BotContext) -> Mapping[str, HealthCheck]``:
    a check returns a short description when the dependency answers and raises when not.
    """
    enabled = container.bots()
    checks: dict[str, HealthCheck] = {}
    for entry in entry_points(group=HEALTH_GROUP):
        if entry.name == bot and bot in enabled:
            built: Mapping[str, HealthCheck] = entry.load()(bot_context(container, entry.name))
            checks.update(built)
    return checks


async def health(request: Request) -> dict[str, Any]:
    """Liveness, which Telegram framework serves the webhook (None: no bot here), and, when
    the enabled bots declare dependencies, each one's state: ``status`` is ``degraded`` when
    one of them does not answer within 5 s (the process itself is alive: still 200)."""
    runtime = getattr(request.app.state, "telegram", None)
    found: dict[str, Any] = {"status": "ok", "telegram": runtime.framework if runtime else None}
    checks: dict[str, HealthCheck] = getattr(request.app.state, "health_checks", {})
    if checks:
        results = await asyncio.gather(*(_run_check(check) for check in checks.values()))
        found["checks"] = dict(zip(checks, results, strict=True))
        if not all(result["ok"] for result in results):
            found["status"] = "degraded"
    return found


async def _run_check(check: HealthCheck) -> dict[str, Any]:
    try:
        detail = await asyncio.wait_for(check(), HEALTH_TIMEOUT_SECONDS)
    except TimeoutError:
        return {"ok": False, "detail": f"no answer within {HEALTH_TIMEOUT_SECONDS:g} s"}
    except Exception as error:  # a dependency's failure is reported, never raised
        log.info("health check failed: %s", type(error).__name__)
        return {"ok": False, "detail": str(error)[:200] or type(error).__name__}
    return {"ok": True, "detail": detail}


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
