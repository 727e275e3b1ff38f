"""Content of the steps bot (rewards module): the gift catalog, the pickup points (CSV
import) and the operator-editable texts, through the rewards module's use cases."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from entrypoints.containers import bot_texts
from entrypoints.web.admin.console import Console
from entrypoints.web.admin.security import form_text
from sleeplab_core.kernel.errors import SleeplabError, ValidationFailed
from sleeplab_core.kernel.i18n import Catalog, Message
from sleeplab_core.operators.use_cases import record_change
from sleeplab_core.rewards.content import EDITABLE, LOCALES
from sleeplab_core.rewards.use_cases.content_admin import (
    NewProduct,
    add_category,
    add_product,
    all_pickup_points,
    catalog_view,
    import_pickup_points,
)
from sleeplab_core.rewards.use_cases.texts import list_texts, reset_text, set_text

SHOWN_POINTS = 200
STEPS_BOT = "steps"


def add_routes(router: APIRouter, console: Console) -> None:
    async def rewards_uow(request: Request) -> Any:
        """The unit of work with ``rewards``, or None where the steps bot is not served."""
        factory = await console.uow()
        async with factory() as tx:
            return factory if getattr(tx, "rewards", None) is not None else None

    async def audit(operator: str, action: str, target: str, detail: str = "") -> None:
        await record_change(
            await console.operators_uow(),
            console.clock,
            operator=operator,
            action=action,
            target=target,
            detail=detail,
        )

    async def absent(request: Request, operator: Any) -> Response:
        return console.render(
            request, "content_absent.html", {"tab": "catalog"}, operator=operator, status=404
        )

    async def catalog(request: Request) -> Response:
        operator = await console.operator(request, "content.view")
        uow = await rewards_uow(request)
        if uow is None:
            return await absent(request, operator)
        view = await catalog_view(uow)
        by_category = {
            c.id: [p for p in view.products if p.category_id == c.id] for c in view.categories
        }
        return console.render(
            request,
            "content_catalog.html",
            {"tab": "catalog", "categories": view.categories, "by_category": by_category},
            operator=operator,
        )

    async def new_category(request: Request) -> Response:
        operator = await console.operator(request, "content.change")
        uow = await rewards_uow(request)
        if uow is None:
            return await absent(request, operator)
        title = form_text(await request.form(), "title")
        try:
            added = await add_category(uow, title)
        except SleeplabError as error:
            return console.refused(request, operator, str(error))
        await audit(operator.username, "category.create", f"category {added.id}", added.title)
        return RedirectResponse("/admin/content?notice=created", status_code=303)

    async def new_product(request: Request) -> Response:
        operator = await console.operator(request, "content.change")
        uow = await rewards_uow(request)
        if uow is None:
            return await absent(request, operator)
        form = await request.form()
        try:
            added = await add_product(
                uow,
                NewProduct(
                    code=form_text(form, "code"),
                    category_id=_whole(form_text(form, "category"), "category"),
                    title=form_text(form, "title"),
                    price=_whole(form_text(form, "price"), "price"),
                    stock=_whole(form_text(form, "stock"), "stock"),
                    description=form_text(form, "description"),
                ),
            )
        except SleeplabError as error:
            return console.refused(request, operator, str(error))
        await audit(
            operator.username,
            "product.create",
            f"product {added.code}",
            f"{added.title}: {added.price} points, {added.stock} in stock",
        )
        return RedirectResponse("/admin/content?notice=created", status_code=303)

    async def points(request: Request) -> Response:
        operator = await console.operator(request, "content.view")
        uow = await rewards_uow(request)
        if uow is None:
            return await absent(request, operator)
        found = await all_pickup_points(uow)
        return console.render(
            request,
            "content_points.html",
            {"tab": "points", "points": found[:SHOWN_POINTS], "total": len(found)},
            operator=operator,
        )

    async def import_points(request: Request) -> Response:
        operator = await console.operator(request, "content.change")
        uow = await rewards_uow(request)
        if uow is None:
            return await absent(request, operator)
        form = await request.form()
        upload = form.get("file")
        try:
            text = form_text(form, "pasted")
            if isinstance(upload, UploadFile) and upload.filename:
                raw = await upload.read()
                try:
                    text = raw.decode("utf-8-sig")
                except UnicodeDecodeError:
                    raise ValidationFailed("save the file as UTF-8", field="csv") from None
            count = await import_pickup_points(uow, text)
        except SleeplabError as error:
            return console.refused(request, operator, str(error))
        await audit(operator.username, "pickup_points.import", "pickup points", f"{count} points")
        return RedirectResponse("/admin/content/points?notice=imported", status_code=303)

    async def texts(request: Request) -> Response:
        operator = await console.operator(request, "content.view")
        uow = await rewards_uow(request)
        if uow is None:
            return await absent(request, operator)
        stored = {(key, locale): text for key, locale, text in await list_texts(uow)}
        catalog = await bot_texts(console.container, STEPS_BOT)
        rows = [
            {
                "key": key,
                "placeholders": sorted(EDITABLE[key]),
                "locales": [
                    (locale, stored.get((key, locale)), _catalog_text(catalog, key, locale))
                    for locale in sorted(LOCALES)
                ],
            }
            for key in sorted(EDITABLE)
        ]
        return console.render(
            request, "content_texts.html", {"tab": "texts", "rows": rows}, operator=operator
        )

    async def change_text(request: Request) -> Response:
        operator = await console.operator(request, "content.change")
        uow = await rewards_uow(request)
        if uow is None:
            return await absent(request, operator)
        form = await request.form()
        key, locale = form_text(form, "key"), form_text(form, "locale")
        text = form.get("text")
        try:
            if form_text(form, "reset") == "yes":
                await reset_text(uow, key, locale)
                action = "text.reset"
            else:
                await set_text(
                    uow, console.clock, key, locale, text if isinstance(text, str) else ""
                )
                action = "text.set"
        except SleeplabError as error:
            return console.refused(request, operator, str(error))
        await audit(operator.username, action, f"text {key} ({locale})")
        return RedirectResponse("/admin/content/texts?notice=saved", status_code=303)

    router.add_api_route("/content", catalog, methods=["GET"])
    router.add_api_route("/content/categories", new_category, methods=["POST"])
    router.add_api_route("/content/products", new_product, methods=["POST"])
    router.add_api_route("/content/points", points, methods=["GET"])
    router.add_api_route("/content/points", import_points, methods=["POST"])
    router.add_api_route("/content/texts", texts, methods=["GET"])
    router.add_api_route("/content/texts", change_text, methods=["POST"])


def _catalog_text(catalog: Catalog, key: str, locale: str) -> str:
    """The bot's own text of an editable key, its placeholders shown as they are written."""
    message = Message(f"{STEPS_BOT}.{key}", {name: f"{{{name}}}" for name in EDITABLE[key]})
    return catalog.render(locale, message) if catalog.has(message.key) else ""


def _whole(text: str, field: str) -> int:
    if not text.lstrip("-").isdigit():
        raise ValidationFailed("must be a whole number", field=field)
    return int(text)
