"""Operator text overrides: the check against the default text, and the catalog layer that
lays them over a bot's catalogs (library defaults → bot catalog → operator overrides)."""

from __future__ import annotations

import string
from collections.abc import Iterable
from typing import Any

from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.kernel.i18n import DEFAULT_LOCALE, Catalog, Message
from sleeplab_core.operators.model import TextOverride

MAX_TEXT = 4000  # a Telegram message holds 4096 characters; leave room for the rest


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a ``str.format`` text (``{user.name}`` counts as ``user``).

    Raises:
        ValidationFailed: the text is not a valid format string (an unpaired brace).
    """
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError:
        raise ValidationFailed(
            "unpaired brace: write {{ or }} for a literal one", field="text"
        ) from None
    return {name.split(".")[0].split("[")[0] for name in fields}


def check_override(default: str, text: str) -> str:
    """The override to store (trimmed), or ValidationFailed naming what to change: it must
    keep every placeholder of the default text and add none (a bot fills only those).
    Browsers send a textarea's line breaks as CRLF: they are stored as the catalogs' LF."""
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise ValidationFailed("the text is empty: reset it to show the default", field="text")
    if len(text) > MAX_TEXT:
        raise ValidationFailed(f"at most {MAX_TEXT} characters", field="text")
    wanted, given = placeholders(default), placeholders(text)
    if "" in given:
        raise ValidationFailed("name every placeholder, as in {name}", field="text")
    missing, extra = sorted(wanted - given), sorted(given - wanted)
    if missing:
        shown = ", ".join(f"{{{name}}}" for name in missing)
        raise ValidationFailed(f"keep the placeholders {shown}", field="text")
    if extra:
        shown = ", ".join(f"{{{name}}}" for name in extra)
        raise ValidationFailed(f"unknown placeholders {shown}", field="text")
    return text


class OverriddenCatalog:
    """A :class:`Catalog` whose texts are the operators' overrides where there is one, else
    the base catalog's. Plural texts (``count`` set) always come from the base catalog.
    ``replace`` swaps the whole override set (read from storage at start and on change)."""

    def __init__(self, base: Catalog) -> None:
        self._base = base
        self._texts: dict[tuple[str, str], str] = {}

    @property
    def base(self) -> Catalog:
        return self._base

    @property
    def locales(self) -> tuple[str, ...]:
        return self._base.locales

    def has(self, key: str) -> bool:
        return self._base.has(key)

    def replace(self, overrides: Iterable[TextOverride]) -> None:
        self._texts = {(o.locale, o.key): o.text for o in overrides}

    def render(self, locale: str, message: Message) -> str:
        if locale not in self._base.locales:
            locale = DEFAULT_LOCALE
        text = self._texts.get((locale, message.key)) if message.count is None else None
        if text is None:
            return self._base.render(locale, message)
        return text.format(**{"count": message.count, **message.params})

    def __getattr__(self, name: str) -> Any:
        return getattr(self._base, name)
