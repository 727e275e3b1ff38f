"""Texts: every user-facing string is a message key looked up in a per-locale catalog.

The core never holds the wording; it returns :class:`Message` values (a key and its
parameters) and renders them through a :class:`Catalog`. The catalogs are gettext PO files
shipped in ``sleeplab_core/locales/<locale>/LC_MESSAGES/<domain>.po``; an adapter loads them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import attrs

DEFAULT_LOCALE = "en"
SUPPORTED_LOCALES: tuple[str, ...] = ("en", "ru")


@attrs.frozen
class Message:
    """A translatable text: a catalog key plus the values for its ``{placeholders}``.

    ``count`` selects the plural form (Russian has three) when the key has plural forms.
    """

    key: str
    params: Mapping[str, object] = attrs.field(factory=dict)
    count: int | None = None


def msg(key: str, count: int | None = None, /, **params: object) -> Message:
    """Shorthand for :class:`Message`: ``msg("progress.step", 3, total=12)``."""
    return Message(key, params, count)


class Catalog(Protocol):
    """Renders message keys in a locale.

    Contract:
    - ``locales`` lists every locale the catalog carries; each key exists in all of them.
    - ``render(locale, message)`` formats the text with ``str.format`` placeholders;
      an unknown locale falls back to :data:`DEFAULT_LOCALE`; an unknown key raises
      :class:`KeyError` (a missing text is a bug, never shown to users as a raw key).
    - With ``message.count`` set, the plural form for that number in that locale is used.
    """

    @property
    def locales(self) -> tuple[str, ...]: ...

    def render(self, locale: str, message: Message) -> str: ...

    def has(self, key: str) -> bool: ...


class DictCatalog:
    """In-memory catalog: ``{locale: {key: text | (singular, plural...)}}``.

    Plural texts are tuples indexed by a simple rule (English: one/other; Russian: one/few/many).
    """

    def __init__(self, texts: Mapping[str, Mapping[str, str | tuple[str, ...]]]) -> None:
        self._texts = texts

    @property
    def locales(self) -> tuple[str, ...]:
        return tuple(self._texts)

    def has(self, key: str) -> bool:
        return all(key in table for table in self._texts.values())

    def render(self, locale: str, message: Message) -> str:
        table = self._texts.get(locale) or self._texts[DEFAULT_LOCALE]
        entry = table[message.key]
        if isinstance(entry, tuple):
            entry = entry[plural_index(locale, message.count or 0)]
        return entry.format(**message.params, count=message.count)


def plural_index(locale: str, n: int) -> int:
    """The CLDR plural form index used by gettext for ``en`` and ``ru``."""
    if locale == "ru":
        if n % 10 == 1 and n % 100 != 11:
            return 0
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return 1
        return 2
    return 0 if n == 1 else 1
