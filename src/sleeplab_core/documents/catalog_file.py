"""Reading a document catalog from its TOML file."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from typing import cast

from sleeplab_core.documents.catalog import CatalogEntry, CatalogGender, DocumentCatalog
from sleeplab_core.documents.errors import CatalogInvalid
from sleeplab_core.kernel.i18n import SUPPORTED_LOCALES

_ENTRY_FIELDS = frozenset({"code", "locale", "gender", "file", "title"})


def parse_catalog(
    text: str,
    *,
    source: str = "catalog.toml",
    required_locales: Iterable[str] = SUPPORTED_LOCALES,
) -> DocumentCatalog:
    """Read a catalog from TOML text.

    Args:
        text: the TOML document with a ``[[documents]]`` array of tables.
        source: names the file in error messages.
        required_locales: locales every code must be available in.

    Raises:
        CatalogInvalid: the TOML is malformed or an entry breaks the format; the error lists
            every problem found, each naming the entry.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CatalogInvalid([f"not valid TOML: {error}"], source=source) from error
    entries, problems = _read_entries(data)
    if problems:
        raise CatalogInvalid(problems, source=source)
    try:
        return DocumentCatalog(entries, required_locales=required_locales)
    except CatalogInvalid as error:
        raise CatalogInvalid(error.problems, source=source) from error


def _read_entries(data: Mapping[str, object]) -> tuple[list[CatalogEntry], list[str]]:
    problems = [f"unknown top-level key {key!r}" for key in data if key != "documents"]
    raw = data.get("documents")
    if not isinstance(raw, list) or not raw:
        return [], [*problems, "add at least one [[documents]] table"]
    entries = []
    for number, item in enumerate(raw, start=1):
        entry, entry_problems = _read_entry(item)
        problems += [f"documents #{number}: {problem}" for problem in entry_problems]
        if entry is not None:
            entries.append(entry)
    return entries, problems


def _read_entry(item: object) -> tuple[CatalogEntry | None, list[str]]:
    if not isinstance(item, dict):
        return None, ["must be a table"]
    problems = [f"unknown field {name!r}" for name in item if name not in _ENTRY_FIELDS]
    fields = {"gender": "any", **item}
    for name in ("code", "locale", "gender", "file"):
        if not isinstance(fields.get(name), str):
            problems.append(f"{name!r} must be a string")
    title = fields.get("title")
    if title is not None and not isinstance(title, str):
        problems.append("'title' must be a string")
    if problems:
        return None, problems
    entry = CatalogEntry(
        code=fields["code"],
        locale=fields["locale"],
        gender=cast(CatalogGender, fields["gender"]),
        file=fields["file"],
        title=title,
    )
    return entry, []
