"""The console's texts in English and Russian (gettext catalogs under ``locales/``).

The locale is the operator's choice (the ``lang`` link in the header, kept in a cookie),
else the browser's ``Accept-Language``, else English.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from fastapi import Request

from adapters.babel_catalog import load_catalog
from sleeplab_core.kernel.i18n import DEFAULT_LOCALE, Catalog, Message

LOCALES_DIR = Path(__file__).parent / "locales"
CONSOLE_LOCALES = ("en", "ru")
LANG_COOKIE = "sleeplab_console_lang"


@cache
def console_catalog() -> Catalog:
    """Every key in both locales (strict: a text missing in one fails the start)."""
    return load_catalog(LOCALES_DIR)


def locale_of(request: Request) -> str:
    """The operator's chosen locale, else the first supported one the browser accepts."""
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in CONSOLE_LOCALES:
        return chosen
    return accepted_locale(request.headers.get("accept-language", ""))


def accepted_locale(header: str) -> str:
    """The best supported locale of an ``Accept-Language`` header (q-values respected)."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        language = tag.strip().split("-")[0].lower()
        if language in CONSOLE_LOCALES and quality > 0:
            ranked.append((-quality, position, language))
    return min(ranked)[2] if ranked else DEFAULT_LOCALE


def translator(locale: str) -> Callable[..., str]:
    """``t("console.user.title", id=7)`` in ``locale``, for the templates and the pages
    (a ``count`` placeholder also picks the plural form)."""
    catalog = console_catalog()

    def t(key: str, **params: object) -> str:
        count = params.get("count")
        return catalog.render(
            locale, Message(key, params, count=count if isinstance(count, int) else None)
        )

    return t
