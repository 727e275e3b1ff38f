"""The document catalog: which pre-made PDF a diagnosis code gets, per locale and gender.

The catalog is data (a TOML file, see ``docs/documents.md``)::

    [[documents]]
    code = "insomnia"          # a diagnosis code / recommended document id
    locale = "ru"
    gender = "any"             # "any", "female" or "male"
    file = "ru/insomnia.pdf"   # relative to the catalog file
    title = "Бессонница"       # optional caption for the message that carries the file

Lookup rules: the user's gender picks a gender variant when there is one, else the ``any``
variant; a locale the catalog does not carry falls back to the default locale. Loading checks
that every code has an ``any`` variant in every locale, so a lookup for a known code always
finds a document.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from typing import Literal, cast

import attrs

from sleeplab_core.documents.errors import CatalogInvalid, InvalidDocumentKey, UnknownDocumentCode
from sleeplab_core.documents.keys import check_document_key, library_document_key
from sleeplab_core.kernel.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES

CatalogGender = Literal["any", "female", "male"]
_GENDERS: tuple[str, ...] = ("any", "female", "male")
_CODE = re.compile(r"[a-z][a-z0-9_]*")
_LOCALE = re.compile(r"[a-z]{2,3}")
_ENTRY_FIELDS = frozenset({"code", "locale", "gender", "file", "title"})


@attrs.frozen
class CatalogEntry:
    """One pre-made PDF: the code, locale and gender it serves and its file."""

    code: str
    locale: str
    gender: CatalogGender
    file: str
    title: str | None = None

    @property
    def document_key(self) -> str:
        """The key of this file in a :class:`~sleeplab_core.documents.ports.DocumentStore`."""
        return library_document_key(self.file)


class DocumentCatalog:
    """A checked set of :class:`CatalogEntry`; build it with :func:`parse_catalog`."""

    def __init__(
        self, entries: Iterable[CatalogEntry], *, required_locales: Iterable[str] = ()
    ) -> None:
        """Index ``entries`` after checking them.

        Raises:
            CatalogInvalid: duplicates, bad fields or a code without an ``any`` variant in
                one of the catalog's locales, ``required_locales`` or the default locale.
        """
        self._entries = tuple(entries)
        problems = _problems(self._entries, tuple(required_locales))
        if problems:
            raise CatalogInvalid(problems)
        self._index: dict[tuple[str, str, str], CatalogEntry] = {
            (e.code, e.locale, e.gender): e for e in self._entries
        }

    @property
    def entries(self) -> tuple[CatalogEntry, ...]:
        return self._entries

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(e.code for e in self._entries)

    @property
    def locales(self) -> frozenset[str]:
        return frozenset(e.locale for e in self._entries)

    def find(self, code: str, locale: str, gender: str | None = None) -> CatalogEntry:
        """The document for ``code`` in ``locale`` that suits ``gender``.

        Args:
            code: a diagnosis code (a recommended document id).
            locale: the user's locale; one the catalog lacks falls back to the default locale.
            gender: ``"female"`` or ``"male"`` picks that variant when it exists; anything
                else (``None``, ``"any"``, an unknown value) gets the ``any`` variant.

        Raises:
            UnknownDocumentCode: the catalog has no documents for ``code``.
        """
        if code not in self.codes:
            raise UnknownDocumentCode(code, self.codes)
        if locale not in self.locales:
            locale = DEFAULT_LOCALE
        variant = self._index.get((code, locale, gender or "any"))
        return variant or self._index[(code, locale, "any")]

    def find_all(
        self, codes: Iterable[str], locale: str, gender: str | None = None
    ) -> tuple[CatalogEntry, ...]:
        """:meth:`find` for each code, in order, without repeating a document.

        Raises:
            UnknownDocumentCode: for the first code the catalog lacks.
        """
        found = (self.find(code, locale, gender) for code in codes)
        return tuple(dict.fromkeys(found))

    def missing_codes(self, codes: Iterable[str]) -> tuple[str, ...]:
        """The codes among ``codes`` that have no documents (to cross-check a rule set)."""
        return tuple(sorted(set(codes) - self.codes))


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


def _problems(entries: tuple[CatalogEntry, ...], required_locales: tuple[str, ...]) -> list[str]:
    if not entries:
        return ["the catalog has no documents"]
    problems = [problem for entry in entries for problem in _entry_problems(entry)]
    problems += _duplicates(entries)
    problems += _coverage_gaps(entries, required_locales)
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
