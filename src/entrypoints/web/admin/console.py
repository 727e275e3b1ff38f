"""Assembly of the console: sessions, templates, the error pages, the routers."""

from __future__ import annotations

import logging
import secrets
from pathlib import Path
from typing import Any, cast

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from entrypoints.containers import Container, unit_of_work_factory
from entrypoints.settings import Settings
from entrypoints.web.admin.i18n import (
    CONSOLE_LOCALES,
    LANG_COOKIE,
    console_catalog,
    locale_of,
    translator,
)
from entrypoints.web.admin.security import (
    LoginRequired,
    Sessions,
    check_csrf,
    operator_for,
    session_of,
)
from sleeplab_core.operators import Operator, PasswordHasher, allowed
from sleeplab_core.operators.ports import OperatorsUnitOfWorkFactory

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")

NAVIGATION = (
    ("console.nav.users", "/admin/users", "users.view"),
    ("console.nav.jobs", "/admin/jobs", "jobs.view"),
    ("console.nav.promos", "/admin/promos", "promos.view"),
    ("console.nav.content", "/admin/content", "content.view"),
    ("console.nav.texts", "/admin/texts", "content.view"),
    ("console.nav.orders", "/admin/orders", "gift_orders.view"),
    ("console.nav.salon", "/admin/salon", "content.view"),
    ("console.nav.broadcasts", "/admin/broadcasts", "broadcasts.view"),
    ("console.nav.funnels", "/admin/funnels", "funnels.view"),
    ("console.nav.audit", "/admin/audit", "audit.view"),
)


class Console:
    """What every page needs: the container, units of work, hasher, rendering."""

    def __init__(self, container: Container, hasher: PasswordHasher) -> None:
        self.container = container
        self.hasher = hasher

    @property
    def clock(self) -> Any:
        return self.container.clock()

    async def uow(self) -> Any:
        return await unit_of_work_factory(self.container)

    async def operators_uow(self) -> OperatorsUnitOfWorkFactory:
        return cast(OperatorsUnitOfWorkFactory, await self.uow())

    async def operator(self, request: Request, action: str) -> Operator:
        return await operator_for(request, await self.operators_uow(), action)

    def render(
        self,
        request: Request,
        template: str,
        context: dict[str, Any],
        *,
        operator: Operator | None = None,
        status: int = 200,
    ) -> Response:
        session = session_of(request)
        locale = locale_of(request)
        t = translator(locale)
        navigation = [
            (t(label), href)
            for label, href, action in NAVIGATION
            if operator is not None and allowed(operator.role, action)
        ]
        response = templates.TemplateResponse(
            request,
            template,
            {
                "csrf": session.csrf,
                "t": t,
                "lang": locale,
                "locales": CONSOLE_LOCALES,
                "operator": operator,
                "navigation": navigation,
                "notice": _notice(t, request.query_params.get("notice", "")),
                **context,
            },
            status_code=status,
        )
        if session.fresh:
            request.app.state.console_sessions.write(response, session)
        return response

    def t(self, request: Request) -> Any:
        """The translator for this request's locale (texts a page builds itself)."""
        return translator(locale_of(request))

    def refused(
        self, request: Request, operator: Operator, message: str, status: int = 400
    ) -> Response:
        """A use case refused: the reason, and the way back."""
        back = request.headers.get("referer", "/admin")
        return self.render(
            request,
            "refused.html",
            {"message": message, "back": back},
            operator=operator,
            status=status,
        )


def install(app: FastAPI, container: Container) -> None:
    """Mount the console on ``app`` under ``/admin``."""
    from adapters.argon2_hasher import Argon2Hasher
    from entrypoints.web.admin import (
        pages_auth,
        pages_broadcasts,
        pages_content,
        pages_funnels,
        pages_jobs,
        pages_orders,
        pages_promos,
        pages_salon,
        pages_texts,
        pages_users,
    )

    settings: Settings = container.settings()
    secret = settings.admin_secret.get_secret_value() if settings.admin_secret else None
    if secret is None:
        log.warning("SLEEPLAB_ADMIN_SECRET unset: console sessions end when the server stops")
        secret = secrets.token_urlsafe(32)
    app.state.console_sessions = Sessions(secret, secure=settings.admin_cookie_secure)
    console = Console(container, Argon2Hasher())
    router = APIRouter(prefix="/admin", dependencies=[Depends(check_csrf)], include_in_schema=False)
    router.add_api_route("/console.css", stylesheet, methods=["GET"])
    router.add_api_route("/lang/{locale}", choose_locale, methods=["GET"])
    for module in (
        pages_auth,
        pages_users,
        pages_jobs,
        pages_promos,
        pages_broadcasts,
        pages_funnels,
        pages_content,
        pages_orders,
        pages_salon,
        pages_texts,
    ):
        module.add_routes(router, console)
    app.include_router(router)
    app.add_exception_handler(LoginRequired, _to_login)


async def stylesheet() -> Response:
    css = (HERE / "static" / "console.css").read_text(encoding="utf-8")
    return Response(css, media_type="text/css", headers={"Cache-Control": "max-age=3600"})


def _notice(t: Any, notice: str) -> str:
    """The "done" line of a redirect's ``notice``; an unknown one (typed in the address
    bar) shows nothing."""
    key = f"console.notice.{notice}"
    return t("console.done", what=t(key)) if notice and console_catalog().has(key) else ""


async def choose_locale(request: Request, locale: str) -> Response:
    """The operator picks the console's language; kept in a cookie for a year."""
    back = request.headers.get("referer") or "/admin/users"
    if not back.startswith(str(request.base_url)) and not back.startswith("/"):
        back = "/admin/users"  # never redirect off the console
    response = RedirectResponse(back, status_code=303)
    if locale in CONSOLE_LOCALES:
        response.set_cookie(
            LANG_COOKIE, locale, max_age=365 * 86400, path="/admin", samesite="strict"
        )
    return response


async def _to_login(request: Request, exc: Exception) -> Response:
    if request.method == "POST":
        return HTMLResponse("log in first", status_code=403)
    return RedirectResponse("/admin/login", status_code=303)
