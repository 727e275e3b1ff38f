"""Promo codes: the list with their uses, and a form to create one."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from entrypoints.containers import settings_mapping
from entrypoints.web.admin.console import Console
from entrypoints.web.admin.security import form_text
from sleeplab_core.kernel.errors import SleeplabError, ValidationFailed
from sleeplab_core.operators.use_cases import record_change
from sleeplab_core.payments.promo_admin import create_promo, list_promos
from sleeplab_core.promo.model import DiscountKind, PromoCode, normalize_code
from sleeplab_core.rewards import default_rules, load_rules
from sleeplab_core.rewards.config import RewardsRules
from sleeplab_core.rewards.use_cases.create_promo_group import PromoGroup, create_promo_group


def add_routes(router: APIRouter, console: Console) -> None:
    async def promos(request: Request) -> Response:
        operator = await console.operator(request, "promos.view")
        usages = await list_promos(await console.uow(), console.clock.now())
        products = sorted(p.code for p in console.container.products())
        return console.render(
            request,
            "promos.html",
            {"usages": usages, "products": products},
            operator=operator,
        )

    async def create(request: Request) -> Response:
        operator = await console.operator(request, "promos.change")
        form = await request.form()
        try:
            promo = _promo_from(form, console.clock.now())
            await create_promo(await console.uow(), console.container.products(), promo)
        except SleeplabError as error:
            return console.refused(request, operator, str(error))
        await record_change(
            await console.operators_uow(),
            console.clock,
            operator=operator.username,
            action="promo.create",
            target=f"promo {promo.code}",
            detail=_summary(promo),
        )
        return RedirectResponse("/admin/promos?notice=created", status_code=303)

    async def create_group(request: Request) -> Response:
        operator = await console.operator(request, "promos.change")
        form = await request.form()
        try:
            group = _group_from(form, console.clock.now())
            codes = await create_promo_group(await console.uow(), _steps_rules(console), group)
        except (SleeplabError, ValueError) as error:
            return console.refused(request, operator, str(error))
        await record_change(
            await console.operators_uow(),
            console.clock,
            operator=operator.username,
            action="promo_group.save",
            target=f"{len(codes)} bonus codes",
            detail=f"{group.points} points each: {', '.join(codes[:20])}",
        )
        return RedirectResponse("/admin/promos?notice=group_saved", status_code=303)

    router.add_api_route("/promos", promos, methods=["GET"])
    router.add_api_route("/promos", create, methods=["POST"])
    router.add_api_route("/promos/group", create_group, methods=["POST"])


def _number(form: Any, name: str) -> int | None:
    text = form_text(form, name)
    if not text:
        return None
    if not text.isdigit():
        raise ValidationFailed("must be a whole number", field=name)
    return int(text)


def _promo_from(form: Any, now: Any) -> PromoCode:
    """The code the form describes (the model validates it)."""
    kind = DiscountKind.FIXED if form_text(form, "kind") == "fixed" else DiscountKind.PERCENT
    amount = _number(form, "amount")
    currency = form_text(form, "currency").upper() or "RUB"
    days = _number(form, "days")
    products = frozenset(p.strip() for p in form_text(form, "products").split(",") if p.strip())
    return PromoCode(
        code=normalize_code(form_text(form, "code")),
        kind=kind,
        percent=_number(form, "percent") if kind is DiscountKind.PERCENT else None,
        amounts={currency: amount} if kind is DiscountKind.FIXED and amount else {},
        products=products,
        max_redemptions=_number(form, "max_redemptions"),
        max_per_user=_number(form, "max_per_user"),
        starts_at=now,
        expires_at=now + timedelta(days=days) if days else None,
    )


def _group_from(form: Any, now: Any) -> PromoGroup:
    """The bonus-code group the form describes (the use case checks the codes)."""
    codes = [c.strip() for c in form_text(form, "codes").replace(",", "\n").split() if c.strip()]
    points = _number(form, "points")
    if not points:
        raise ValidationFailed("at least 1", field="points")
    days = _number(form, "days")
    return PromoGroup(
        codes=codes,
        points=points,
        max_per_user=_number(form, "max_per_user"),
        max_redemptions=_number(form, "max_redemptions"),
        starts_at=now,
        expires_at=now + timedelta(days=days) if days else None,
    )


def _steps_rules(console: Console) -> RewardsRules:
    """The steps bot's rules (``SLEEPLAB_STEPS_RULES``, else the shipped ones): their unit."""
    path = settings_mapping(console.container.settings(), secrets=False).get("steps_rules")
    return load_rules(Path(path)) if path else default_rules()


def _summary(promo: PromoCode) -> str:
    off = (
        f"{promo.percent}%"
        if promo.percent
        else ", ".join(f"{v} {k}" for k, v in promo.amounts.items())
    )
    return f"{off} off, max {promo.max_redemptions or '∞'}"
