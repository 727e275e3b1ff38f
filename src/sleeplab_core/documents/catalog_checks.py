"""The checks a document catalog passes before use: sane fields, no duplicates, coverage."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from sleeplab_core.documents.errors import InvalidDocumentKey
from sleeplab_core.documents.keys import check_document_key
from sleeplab_core.kernel.i18n import DEFAULT_LOCALE

if TYPE_CHECKING:
    from sleeplab_core.documents.catalog import CatalogEntry

_GENDERS: tuple[str, ...] = ("any", "female", "male")
_CODE = re.compile(r"[a-z][a-z0-9_]*")
_LOCALE = re.compile(r"[a-z]{2,3}")


def catalog_problems(
    entries: tuple[CatalogEntry, ...], required_locales: Iterable[str]
) -> list[str]:
    """Every problem of ``entries`` in words, each naming its entry; empty when all is well."""
    if not entries:
        return ["the catalog has no documents"]
    problems = [problem for entry in entries for problem in _entry_problems(entry)]
    problems += _duplicates(entries)
    problems += _coverage_gaps(entries, tuple(required_locales))
    return problems


def _entry_problems(entry: CatalogEntry) -> list[str]:
    where = f"{entry.code}/{entry.locale}/{entry.gender}"
    problems = []
    if not _CODE.fullmatch(entry.code):
        problems.append(f"{where}: code must be lower-case letters, digits and '_'")
    if not _LOCALE.fullmatch(entry.locale):
        problems.append(f"{where}: locale must be a language code such as 'en' or 'ru'")
    if entry.gender not in _GENDERS:
        problems.append(f"{where}: gender must be one of {', '.join(_GENDERS)}")
    if not entry.file.endswith(".pdf"):
        problems.append(f"{where}: file {entry.file!r} must be a .pdf")
    try:
        check_document_key(entry.file)
    except InvalidDocumentKey as error:
        problems.append(f"{where}: file {entry.file!r} must be a plain relative path ({error})")
    return problems


def _duplicates(entries: tuple[CatalogEntry, ...]) -> list[str]:
    seen: set[tuple[str, str, str]] = set()
    problems = []
    for entry in entries:
        slot = (entry.code, entry.locale, entry.gender)
        if slot in seen:
            problems.append(f"{'/'.join(slot)}: listed more than once")
        seen.add(slot)
    return problems


def _coverage_gaps(
    entries: tuple[CatalogEntry, ...], required_locales: tuple[str, ...]
) -> list[str]:
    have = {(e.code, e.locale) for e in entries if e.gender == "any"}
    # The default locale is always required: it is where unknown locales fall back to.
    locales = sorted({e.locale for e in entries} | {*required_locales, DEFAULT_LOCALE})
    codes = sorted({e.code for e in entries})
    return [
        f'{code}/{locale}: add a document with gender "any" so every user gets one'
        for code in codes
        for locale in locales
        if (code, locale) not in have
    ]
