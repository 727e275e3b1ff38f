"""Operator-editable texts: stored overrides of the seed's content keys over the catalog.

Only the keys in :data:`EDITABLE` may be overridden, each with the placeholders listed (an
override may use fewer, never others), so an edit can neither break a screen nor show an
internal value. The bot falls back to its catalog text when no override exists.
"""

from __future__ import annotations

import string
from collections.abc import Mapping

from sleeplab_core.rewards.errors import InvalidRules

EDITABLE: Mapping[str, frozenset[str]] = {
    "start_welcome": frozenset(),
    "main_menu": frozenset({"name", "balance"}),
    "promo_intro": frozenset(),
    "walk_choice": frozenset(),
}
LOCALES = frozenset({"ru", "en"})
MAX_TEXT = 4096


def check_override(key: str, locale: str, text: str) -> None:
    """Raises InvalidRules (``field`` names the problem) unless the override is allowed."""
    if key not in EDITABLE:
        raise InvalidRules(f"not an editable key; editable: {sorted(EDITABLE)}", field="key")
    if locale not in LOCALES:
        raise InvalidRules(f"must be one of {sorted(LOCALES)}", field="locale")
    if not text.strip() or len(text) > MAX_TEXT:
        raise InvalidRules(f"must be 1 to {MAX_TEXT} characters", field="text")
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as error:
        raise InvalidRules(f"unbalanced braces: {error}", field="text") from error
    unknown = sorted(fields - EDITABLE[key])
    if unknown:
        allowed = sorted(EDITABLE[key]) or "none"
        raise InvalidRules(
            f"unknown placeholder {{{unknown[0]}}}; allowed: {allowed}", field="text"
        )


def render_override(text: str, params: Mapping[str, object]) -> str:
    """The override with its placeholders filled (checked on save, so this cannot fail)."""
    return text.format(**params)
