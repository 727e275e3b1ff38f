"""Text overrides of every bot: pick a bot, a locale and keys, see the catalog text, save an
override or reset it. Through the operators module's use cases; the bot reads them at once in
this process (and within a short interval in others)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from entrypoints.containers import bot_texts, refresh_text_overrides
from entrypoints.web.admin.console import Console
from entrypoints.web.admin.security import form_text
from sleeplab_core.kernel.errors import SleeplabError
from sleeplab_core.kernel.i18n import Catalog
from sleeplab_core.operators.texts import OverriddenCatalog
from sleeplab_core.operators.use_cases import (
    record_change,
    reset_text_override,
    set_text_override,
    text_overrides,
)

SHOWN_KEYS = 40


def add_routes(router: APIRouter, console: Console) -> None:
    def bots() -> list[str]:
        return sorted(console.container.bots())

    async def texts(request: Request) -> Response:
        operator = await console.operator(request, "content.view")
        names = bots()
        bot = request.query_params.get("bot", "")
        bot = bot if bot in names else (names[0] if names else "")
        catalog = await bot_texts(console.container, bot) if bot else None
        locales = list(catalog.locales) if catalog else []
        locale = request.query_params.get("locale", "")
        locale = locale if locale in locales else (locales[0] if locales else "")
        query = request.query_params.get("q", "").strip()
        stored = (
            {
                o.key: o.text
                for o in await text_overrides(await console.operators_uow(), bot)
                if o.locale == locale
            }
            if bot
            else {}
        )
        only_changed = request.query_params.get("changed") == "yes"
        keys = _editable(catalog, locale) if catalog else {}
        matching = [
            key
            for key in sorted(keys)
            if (not query or query.lower() in key.lower() or query.lower() in keys[key].lower())
            and (not only_changed or key in stored)
        ]
        rows = [
            {"key": key, "default": keys[key], "override": stored.get(key)}
            for key in matching[:SHOWN_KEYS]
        ]
        return console.render(
            request,
            "texts.html",
            {
                "bots": names,
                "bot": bot,
                "locales": locales,
                "locale": locale,
                "q": query,
                "only_changed": only_changed,
                "rows": rows,
                "total": len(matching),
                "shown": len(rows),
                "changed": len(stored),
            },
            operator=operator,
        )

    async def change(request: Request) -> Response:
        operator = await console.operator(request, "content.change")
        form = await request.form()
        bot, locale, key = form_text(form, "bot"), form_text(form, "locale"), form_text(form, "key")
        if bot not in bots():
            return console.refused(request, operator, "bot: no such bot", status=404)
        catalog = await bot_texts(console.container, bot)
        default = _editable(catalog, locale).get(key) if locale in catalog.locales else None
        if default is None:
            return console.refused(request, operator, "key: no such text", status=404)
        uow = await console.operators_uow()
        try:
            if form_text(form, "reset") == "yes":
                await reset_text_override(uow, bot=bot, locale=locale, key=key)
                action, detail = "text.reset", ""
            else:
                raw = form.get("text")
                saved = await set_text_override(
                    uow,
                    console.clock,
                    bot=bot,
                    locale=locale,
                    key=key,
                    text=raw if isinstance(raw, str) else "",
                    default=default,
                )
                action, detail = "text.set", saved.text
        except SleeplabError as error:
            return console.refused(request, operator, str(error))
        await refresh_text_overrides(console.container, bot)
        await record_change(
            uow,
            console.clock,
            operator=operator.username,
            action=action,
            target=f"text {bot}/{locale}/{key}",
            detail=detail,
        )
        query = urlencode({"bot": bot, "locale": locale, "q": key, "notice": "saved"})
        back = f"/admin/texts?{query}"
        return RedirectResponse(back, status_code=303)

    router.add_api_route("/texts", texts, methods=["GET"])
    router.add_api_route("/texts", change, methods=["POST"])


def _editable(catalog: Catalog, locale: str) -> dict[str, str]:
    """Key → catalog text (placeholders as written) of every single-form text of ``locale``:
    the bot's own catalog over the library's, without the operators' overrides."""
    base: Any = catalog.base if isinstance(catalog, OverriddenCatalog) else catalog
    keys = getattr(base, "keys", None)
    template = getattr(base, "template", None)
    if keys is None or template is None:
        return {}
    found = {key: template(locale, key) for key in keys(locale)}
    return {key: text for key, text in found.items() if text is not None}
