"""The shipped catalogs: complete in every locale, Russian plurals right, bad files refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.babel_catalog import CatalogError, load_catalog
from sleeplab_core.kernel.i18n import SUPPORTED_LOCALES, Message, plural_index

PO_HEADER = """msgid ""
msgstr ""
"Language: {locale}\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: {plural}\\n"

"""
RU_PLURAL = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);"
)
EN_PLURAL = "nplurals=2; plural=(n != 1);"


def write_po(root: Path, locale: str, domain: str, body: str) -> None:
    folder = root / locale / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    plural = RU_PLURAL if locale == "ru" else EN_PLURAL
    (folder / f"{domain}.po").write_text(
        PO_HEADER.format(locale=locale, plural=plural) + body, encoding="utf-8"
    )


def test_every_shipped_key_exists_in_every_supported_locale() -> None:
    catalog = load_catalog(strict=False)
    assert set(catalog.locales) >= set(SUPPORTED_LOCALES)
    assert catalog.missing() == {}


def test_shipped_texts_render_in_both_locales() -> None:
    catalog = load_catalog()
    assert "SleepLab" in catalog.render("en", Message("sleeplab.welcome"))
    assert "Здравствуйте" in catalog.render("ru", Message("sleeplab.welcome"))


def test_an_unknown_locale_falls_back_to_english() -> None:
    catalog = load_catalog()
    assert catalog.render("de", Message("sleeplab.welcome")) == catalog.render(
        "en", Message("sleeplab.welcome")
    )


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "1 вопрос"),
        (2, "2 вопроса"),
        (5, "5 вопросов"),
        (11, "11 вопросов"),
        (21, "21 вопрос"),
        (22, "22 вопроса"),
        (112, "112 вопросов"),
    ],
)
def test_russian_plural_forms_follow_the_catalog_header(
    tmp_path: Path, n: int, expected: str
) -> None:
    write_po(
        tmp_path,
        "en",
        "t",
        'msgid "q"\nmsgid_plural "q"\n'
        'msgstr[0] "{count} question"\nmsgstr[1] "{count} questions"\n',
    )
    write_po(
        tmp_path,
        "ru",
        "t",
        'msgid "q"\nmsgid_plural "q"\nmsgstr[0] "{count} вопрос"\n'
        'msgstr[1] "{count} вопроса"\nmsgstr[2] "{count} вопросов"\n',
    )
    catalog = load_catalog(tmp_path)
    assert catalog.render("ru", Message("q", count=n)) == expected


@pytest.mark.parametrize("n", range(130))
def test_the_in_memory_plural_rule_agrees_with_gettext(tmp_path: Path, n: int) -> None:
    write_po(tmp_path, "en", "t", 'msgid "q"\nmsgid_plural "q"\nmsgstr[0] "0"\nmsgstr[1] "1"\n')
    write_po(
        tmp_path,
        "ru",
        "t",
        'msgid "q"\nmsgid_plural "q"\nmsgstr[0] "0"\nmsgstr[1] "1"\nmsgstr[2] "2"\n',
    )
    catalog = load_catalog(tmp_path)
    for locale in ("en", "ru"):
        assert catalog.render(locale, Message("q", count=n)) == str(plural_index(locale, n))


def test_a_key_missing_in_one_locale_is_refused(tmp_path: Path) -> None:
    write_po(tmp_path, "en", "t", 'msgid "a"\nmsgstr "A"\n\nmsgid "b"\nmsgstr "B"\n')
    write_po(tmp_path, "ru", "t", 'msgid "a"\nmsgstr "А"\n')
    with pytest.raises(CatalogError, match="ru: b"):
        load_catalog(tmp_path)


def test_a_key_defined_in_two_domains_is_refused(tmp_path: Path) -> None:
    write_po(tmp_path, "en", "one", 'msgid "a"\nmsgstr "A"\n')
    write_po(tmp_path, "en", "two", 'msgid "a"\nmsgstr "A again"\n')
    with pytest.raises(CatalogError, match="already defined"):
        load_catalog(tmp_path)


def test_an_untranslated_entry_is_refused(tmp_path: Path) -> None:
    write_po(tmp_path, "en", "t", 'msgid "a"\nmsgstr ""\n')
    with pytest.raises(CatalogError, match="no text"):
        load_catalog(tmp_path)


def test_an_unknown_key_is_an_error_not_a_raw_key_shown_to_users() -> None:
    with pytest.raises(KeyError):
        load_catalog().render("en", Message("no.such.key"))
