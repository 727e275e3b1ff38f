"""Users: search, the user's page, and the actions support takes on a user."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import typer
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from entrypoints.operator_cli import user_status_command
from entrypoints.payments_cli import refund_command
from entrypoints.web.admin.console import Console
from entrypoints.web.admin.security import form_text
from sleeplab_core.entitlements.use_cases import grant_entitlement, revoke_entitlement
from sleeplab_core.kernel.errors import NotFound, SleeplabError
from sleeplab_core.operators import allowed
from sleeplab_core.operators.use_cases import record_change
from sleeplab_core.payments.effects import ledger_owner
from sleeplab_core.privacy import erase_user
from sleeplab_core.sleeplab.use_cases.resend_report import resend_report

RECENT = 50


def add_routes(router: APIRouter, console: Console) -> None:
    async def audit(operator: str, action: str, target: str, detail: str = "") -> None:
        await record_change(
            await console.operators_uow(),
            console.clock,
            operator=operator,
            action=action,
            target=target,
            detail=detail,
        )

    async def search(request: Request) -> Response:
        operator = await console.operator(request, "users.view")
        query = request.query_params.get("q", "").strip()
        message, found = "", []
        if query:
            if query.isdigit():
                async with (await console.uow())() as tx:
                    if await tx.users.get(int(query)) is not None:
                        return RedirectResponse(f"/admin/users/{int(query)}", status_code=303)
            if query.startswith("@"):
                message = "usernames_not_stored"
            else:
                found = await _players(console, query)
                if len(found) == 1 and not query.isdigit():
                    return RedirectResponse(f"/admin/users/{found[0].user_id}", status_code=303)
                if not found:
                    message = "nobody_found"
        async with (await console.uow())() as tx:
            recent = list(reversed(await tx.users.ids()))[:RECENT]
        return console.render(
            request,
            "users.html",
            {"query": query, "message": message, "recent": recent, "found": found},
            operator=operator,
        )

    async def user_page(request: Request, user_id: int) -> Response:
        operator = await console.operator(request, "users.view")
        try:
            status = await user_status_command(console.container, user_id, show_jobs=True)
        except NotFound:
            return console.refused(
                request, operator, console.t(request)("console.users.no_user", id=user_id), 404
            )
        history = await _ledger_history(console, user_id, status["balances"])
        player = await _player(console, user_id)
        return console.render(
            request,
            "user.html",
            {
                "user_id": user_id,
                "status": status,
                "history": history,
                "can_resend": allowed(operator.role, "reports.resend"),
                "player": player,
            },
            operator=operator,
        )

    async def grant(request: Request, user_id: int) -> Response:
        operator = await console.operator(request, "entitlements.change")
        form = await request.form()
        product = form_text(form, "product")
        days = form_text(form, "days")
        now = console.clock.now()
        try:
            until = now + timedelta(days=int(days)) if days else None
            await grant_entitlement(
                await console.uow(),
                now,
                user_id=user_id,
                product=product,
                operator=operator.username,
                expires_at=until,
            )
        except ValueError:
            return console.refused(request, operator, console.t(request)("console.user.days_whole"))
        except SleeplabError as error:
            return console.refused(request, operator, str(error))
        await audit(
            operator.username,
            "entitlement.grant",
            f"user {user_id}",
            f"{product} for {days or 'ever'} days",
        )
        return _back_to(user_id, "granted")

    async def revoke(request: Request, user_id: int) -> Response:
        operator = await console.operator(request, "entitlements.change")
        form = await request.form()
        product, source = form_text(form, "product"), form_text(form, "source")
        try:
            await revoke_entitlement(
                await console.uow(),
                console.clock.now(),
                user_id=user_id,
                product=product,
                source=source,
            )
        except SleeplabError as error:
            return console.refused(request, operator, str(error))
        await audit(
            operator.username, "entitlement.revoke", f"user {user_id}", f"{product} from {source}"
        )
        return _back_to(user_id, "revoked")

    async def refund(request: Request, order_id: str) -> Response:
        operator = await console.operator(request, "orders.refund")
        form = await request.form()
        done_at_provider = form.get("provider_done") == "yes"
        try:
            result = await refund_command(
                console.container, order_id, already_refunded=done_at_provider
            )
        except (SleeplabError, typer.BadParameter) as error:
            return console.refused(request, operator, str(error))
        user_id = result["order"]["user_id"]
        how = "recorded after the provider" if done_at_provider else "through the gateway"
        await audit(operator.username, "order.refund", f"order {order_id}", how)
        return _back_to(user_id, "refunded")

    async def resend(request: Request, user_id: int, run_id: str) -> Response:
        operator = await console.operator(request, "reports.resend")
        try:
            job = await resend_report(
                await console.uow(), console.clock.now(), user_id=user_id, run_id=run_id
            )
        except SleeplabError as error:
            return console.refused(request, operator, str(error))
        await audit(operator.username, "report.resend", f"user {user_id}", f"job {job.id}")
        return _back_to(user_id, "report_queued")

    async def erase_page(request: Request, user_id: int) -> Response:
        operator = await console.operator(request, "users.erase")
        return console.render(request, "erase.html", {"user_id": user_id}, operator=operator)

    async def erase(request: Request, user_id: int) -> Response:
        operator = await console.operator(request, "users.erase")
        form = await request.form()
        if form_text(form, "confirm") != str(user_id):
            return console.refused(
                request, operator, console.t(request)("console.erase.confirm_needed")
            )
        async with (await console.uow())() as tx:
            await erase_user(
                tx, user_id, now=console.clock.now(), documents=console.container.documents()
            )
            await tx.commit()
        await audit(operator.username, "user.erase", f"user {user_id}", "on request")
        return RedirectResponse("/admin/users?notice=erased", status_code=303)

    router.add_api_route("/users", search, methods=["GET"])
    router.add_api_route("/users/{user_id}", user_page, methods=["GET"])
    router.add_api_route("/users/{user_id}/grant", grant, methods=["POST"])
    router.add_api_route("/users/{user_id}/revoke", revoke, methods=["POST"])
    router.add_api_route("/users/{user_id}/reports/{run_id}/resend", resend, methods=["POST"])
    router.add_api_route("/users/{user_id}/erase", erase_page, methods=["GET"])
    router.add_api_route("/users/{user_id}/erase", erase, methods=["POST"])
    router.add_api_route("/orders/{order_id}/refund", refund, methods=["POST"])


async def _players(console: Console, query: str) -> list[Any]:
    """Steps players matching a phone or a name; none where the rewards module is absent."""
    from sleeplab_core.rewards.use_cases.find_players import find_players

    async with (await console.uow())() as tx:
        if getattr(tx, "rewards", None) is None:
            return []
    return await find_players(await console.uow(), query)


async def _player(console: Console, user_id: int) -> Any:
    """The user as a steps player (profile, points, walks, gift orders), or None."""
    from entrypoints.web.admin.pages_promos import _steps_rules
    from sleeplab_core.rewards.use_cases.content_admin import player_view

    factory = await console.uow()
    async with factory() as tx:
        if getattr(tx, "rewards", None) is None:
            return None
    unit = _steps_rules(console).unit
    return await player_view(factory, console.container.ledger(), unit, user_id)


def _back_to(user_id: int, notice: str) -> Response:
    return RedirectResponse(f"/admin/users/{user_id}?notice={notice}", status_code=303)


async def _ledger_history(
    console: Console, user_id: int, balances: dict[str, int]
) -> list[dict[str, Any]]:
    """The user's ledger transfers, newest first, over every unit they hold."""
    ledger = console.container.ledger()
    owner = ledger_owner(user_id)
    rows: list[dict[str, Any]] = []
    for unit in balances:
        try:
            transfers = await ledger.history(owner, unit)
        except SleeplabError:
            continue  # no account in this unit: nothing was ever booked
        for t in transfers:
            sign = 1 if t.destination == owner else -1
            rows.append(
                {
                    "at": t.booked_at,
                    "unit": unit,
                    "amount": sign * t.amount.amount,
                    "reason": t.reason,
                }
            )
    return sorted(rows, key=lambda r: r["at"], reverse=True)
