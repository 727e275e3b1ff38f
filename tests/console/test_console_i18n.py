"""The console's texts: every key a page uses exists in English and Russian, and the
locale follows the operator's choice, else the browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from entrypoints.web.admin import i18n
from entrypoints.web.admin.i18n import accepted_locale, console_catalog, translator

ADMIN = Path(i18n.__file__).parent
LITERAL_KEY = re.compile(r"""(?:\bt\(|\)\()\s*["'](console\.[a-z_.]+[a-z_])["']\s*[,)]""")
DYNAMIC_KEY = re.compile(r"""["'](console\.[a-z_.]+[._])["']\s*~""")


def used_keys() -> set[str]:
    sources = [*ADMIN.glob("templates/*.html"), *ADMIN.glob("*.py")]
    return {k for f in sources for k in LITERAL_KEY.findall(f.read_text("utf-8"))}


def test_every_key_the_pages_use_is_in_both_catalogs() -> None:
    catalog = console_catalog()
    keys = used_keys()
    assert len(keys) > 150, "the pattern finds the keys"
    missing = sorted(k for k in keys if not catalog.has(k))
    assert missing == []
    assert set(catalog.locales) >= {"en", "ru"}
    for locale in ("en", "ru"):
        assert catalog.keys(locale) == catalog.keys("en")  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("prefix", "suffixes"),
    [
        ("console.weekday.", ("mon", "tue", "wed", "thu", "fri", "sat", "sun")),
        ("console.role.", ("admin", "support", "content")),
        ("console.jobs.tab.", ("due", "running", "failed", "done")),
        ("console.users.", ("usernames_not_stored", "nobody_found")),
        ("console.orders.status_", ("pending", "placed", "failed", "cancelled")),
    ],
)
def test_keys_the_pages_build_from_a_value_exist(prefix: str, suffixes: tuple[str, ...]) -> None:
    for suffix in suffixes:
        assert console_catalog().has(prefix + suffix)


def test_every_built_key_prefix_is_one_of_those_checked() -> None:
    sources = [*ADMIN.glob("templates/*.html")]
    built = {k for f in sources for k in DYNAMIC_KEY.findall(f.read_text("utf-8"))}
    assert built <= {
        "console.weekday.",
        "console.role.",
        "console.jobs.tab.",
        "console.users.",
        "console.orders.status_",
    }


def test_plural_forms_follow_each_language() -> None:
    en, ru = translator("en"), translator("ru")
    assert en("console.content.points_count", count=1) == "1 pickup point"
    assert en("console.content.points_count", count=3) == "3 pickup points"
    assert ru("console.content.points_count", count=1) == "1 пункт выдачи"
    assert ru("console.content.points_count", count=3) == "3 пункта выдачи"
    assert ru("console.content.points_count", count=11) == "11 пунктов выдачи"


@pytest.mark.parametrize(
    ("header", "locale"),
    [
        ("", "en"),
        ("ru-RU,ru;q=0.9,en-US;q=0.8", "ru"),
        ("en-US,en;q=0.9,ru;q=0.8", "en"),
        ("de-DE,de;q=0.9,ru;q=0.5", "ru"),
        ("de, fr", "en"),
        ("en;q=0.2, ru;q=0.7", "ru"),
        ("ru;q=0, en;q=0.1", "en"),
        ("ru;q=abc", "en"),
        (";;;,,", "en"),
    ],
)
def test_the_browsers_languages_choose_the_locale(header: str, locale: str) -> None:
    assert accepted_locale(header) == locale
