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

from collections.abc import Iterable
from typing import Literal

import attrs

from sleeplab_core.documents.catalog_checks import catalog_problems
from sleeplab_core.documents.errors import CatalogInvalid, UnknownDocumentCode
from sleeplab_core.documents.keys import library_document_key
from sleeplab_core.kernel.i18n import DEFAULT_LOCALE

CatalogGender = Literal["any", "female", "male"]


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
        problems = catalog_problems(self._entries, tuple(required_locales))
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
