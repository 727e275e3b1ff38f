"""Log in, log out, the start page and the audit log."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from entrypoints.web.admin.console import Console
from entrypoints.web.admin.security import client_address, form_text
from sleeplab_core.operators import allowed
from sleeplab_core.operators.use_cases import LoginRefused, LoginThrottled, audit_log, log_in


def add_routes(router: APIRouter, console: Console) -> None:
    async def login_page(request: Request) -> Response:
        return console.render(request, "login.html", {"error": ""})

    async def login(request: Request) -> Response:
        form = await request.form()
        try:
            operator = await log_in(
                await console.operators_uow(),
                console.clock,
                console.hasher,
                username=form_text(form, "username"),
                password=str(form.get("password") or ""),
                address=client_address(request),
            )
        except LoginThrottled:
            return console.render(
                request,
                "login.html",
                {"error": "console.login.throttled"},
                status=429,
            )
        except LoginRefused:
            return console.render(
                request, "login.html", {"error": "console.login.wrong"}, status=401
            )
        response = RedirectResponse("/admin", status_code=303)
        sessions = request.app.state.console_sessions
        sessions.write(response, sessions.new(operator.username))
        return response

    async def logout(request: Request) -> Response:
        response = RedirectResponse("/admin/login", status_code=303)
        sessions = request.app.state.console_sessions
        sessions.write(response, sessions.new())
        return response

    async def home(request: Request) -> Response:
        operator = await console.operator(request, "console.view")
        start = "/admin/users" if allowed(operator.role, "users.view") else "/admin/promos"
        return RedirectResponse(start, status_code=303)

    async def audit(request: Request) -> Response:
        operator = await console.operator(request, "audit.view")
        entries = await audit_log(await console.operators_uow(), limit=200)
        return console.render(request, "audit.html", {"entries": entries}, operator=operator)

    router.add_api_route("/login", login_page, methods=["GET"])
    router.add_api_route("/login", login, methods=["POST"])
    router.add_api_route("/logout", logout, methods=["POST"])
    router.add_api_route("", home, methods=["GET"])
    router.add_api_route("/", home, methods=["GET"])
    router.add_api_route("/audit", audit, methods=["GET"])
