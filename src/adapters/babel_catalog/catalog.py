"""Loads every ``<locales>/<locale>/LC_MESSAGES/*.po`` into one gettext catalog per locale.

The PO files are the source of truth (no compiled ``.mo`` is committed): Babel parses them,
every domain of a locale is merged into one catalog (a key defined twice is an error), and
the result is compiled in memory to a ``.mo`` that stdlib :mod:`gettext` reads — so plural
forms follow each file's ``Plural-Forms`` header (three forms in Russian).
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from sleeplab_core.kernel.i18n import DEFAULT_LOCALE, Message


class CatalogError(Exception):
    """A catalog that cannot be used: duplicate or missing keys, unreadable files."""


def default_locales_dir() -> Path:
    """The catalogs shipped inside the ``sleeplab_core`` package."""
    return Path(str(resources.files("sleeplab_core") / "locales"))


class GettextCatalog:
    """The :class:`sleeplab_core.kernel.i18n.Catalog` over compiled gettext translations."""

    def __init__(
        self, translations: dict[str, gettext.GNUTranslations], keys: dict[str, set[str]]
    ) -> None:
        self._translations = translations
        self._keys = keys

    @property
    def locales(self) -> tuple[str, ...]:
        return tuple(sorted(self._translations))

    def has(self, key: str) -> bool:
        return all(key in keys for keys in self._keys.values())

    def keys(self, locale: str) -> set[str]:
        return set(self._keys[locale])

    def template(self, locale: str, key: str) -> str | None:
        """The unformatted text of ``key`` (placeholders as written); None for a plural
        text or a key the locale lacks."""
        if locale not in self._translations or key not in self._keys[locale]:
            return None
        entry = self._translations[locale]._catalog.get(key)  # type: ignore[attr-defined]
        return entry if isinstance(entry, str) else None

    def render(self, locale: str, message: Message) -> str:
        if locale not in self._translations:
            locale = DEFAULT_LOCALE
        if message.key not in self._keys[locale]:
            raise KeyError(f"no text for {message.key!r} in locale {locale!r}")
        translations = self._translations[locale]
        if message.count is None:
            template = translations.gettext(message.key)
        else:
            template = translations.ngettext(message.key, message.key, message.count)
        return template.format(**{"count": message.count, **message.params})

    def missing(self) -> dict[str, set[str]]:
        """Keys that some locale has and another lacks: ``{locale: {missing keys}}``."""
        every = set().union(*self._keys.values())
        return {loc: every - keys for loc, keys in self._keys.items() if every - keys}


def load_catalog(
    locales_dir: Path | None = None, *, strict: bool = True, overlays: Sequence[Path] = ()
) -> GettextCatalog:
    """Read every locale under ``locales_dir`` (default: the shipped catalogs).

    ``overlays`` are further locale folders (a bot's own texts) read after it, in order: a
    key they define replaces the library's text, and their locales join the catalog.

    Raises:
        CatalogError: a key defined twice in one layer, an untranslated entry, or
            (``strict``) a key missing in some locale.
    """
    roots = [locales_dir or default_locales_dir(), *overlays]
    layers: dict[str, list[list[Path]]] = {}
    for root in roots:
        for locale_dir in sorted(p for p in root.iterdir() if (p / "LC_MESSAGES").is_dir()):
            files = sorted((locale_dir / "LC_MESSAGES").glob("*.po"))
            layers.setdefault(locale_dir.name, []).append(files)
    translations: dict[str, gettext.GNUTranslations] = {}
    keys: dict[str, set[str]] = {}
    for locale, files_by_layer in sorted(layers.items()):
        merged = _merge_layers(locale, files_by_layer)
        keys[locale] = {str(m.id[0] if isinstance(m.id, tuple) else m.id) for m in merged if m.id}
        buffer = io.BytesIO()
        write_mo(buffer, merged)
        buffer.seek(0)
        translations[locale] = gettext.GNUTranslations(buffer)
    if DEFAULT_LOCALE not in translations:
        raise CatalogError(f"no {DEFAULT_LOCALE!r} catalog under {roots[0]}")
    catalog = GettextCatalog(translations, keys)
    if strict and (missing := catalog.missing()):
        details = "; ".join(f"{loc}: {', '.join(sorted(k))}" for loc, k in missing.items())
        raise CatalogError(f"keys missing in some locale: {details}")
    return catalog


def _merge_layers(locale: str, layers: Sequence[Sequence[Path]]) -> PoCatalog:
    """Each layer merged on its own, then laid over the previous ones (later texts win)."""
    merged = _merge(locale, layers[0])
    for files in layers[1:]:
        for message in _merge(locale, files):
            if message.id:
                merged.delete(message.id)  # Babel's add() keeps an existing text
                merged.add(message.id, message.string, flags=message.flags)
    return merged


def _merge(locale: str, files: Iterable[Path]) -> PoCatalog:
    """One catalog holding every domain's messages; the first file's header (plural rule)."""
    merged: PoCatalog | None = None
    seen: dict[str, Path] = {}
    for path in files:
        with path.open("rb") as handle:
            domain = read_po(handle, locale=locale)
        for message in list(domain):
            if not message.id:
                continue
            key = str(message.id[0] if isinstance(message.id, tuple) else message.id)
            if key in seen:
                raise CatalogError(f"{path}: key {key!r} already defined in {seen[key]}")
            if not _translated(message.string):
                raise CatalogError(f"{path}: {key!r} has no text")
            seen[key] = path
            if merged is not None:
                merged.add(message.id, message.string, flags=message.flags)
        if merged is None:
            merged = domain
    if merged is None:
        raise CatalogError(f"no catalogs for locale {locale!r}")
    return merged


def _translated(text: object) -> bool:
    if isinstance(text, tuple | list):
        return all(bool(part) for part in text)
    return bool(text)
