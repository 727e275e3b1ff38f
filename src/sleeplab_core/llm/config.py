"""Parsing the plain configuration values of the model providers.

The settings class lives in the entrypoints; these helpers turn its strings into what the
adapter factories take, with errors that name the setting to fix.
"""

from __future__ import annotations

import re

from sleeplab_core.kernel.errors import ValidationFailed

KNOWN_PROVIDERS: tuple[str, ...] = ("openai", "anthropic", "offline")
DEFAULT_PROVIDERS: tuple[str, ...] = ("offline",)


def parse_provider_order(value: str | None) -> tuple[str, ...]:
    """``"openai, anthropic,offline"`` → ``("openai", "anthropic", "offline")``.

    Empty means the offline provider alone. Duplicates are dropped (first place wins).

    Raises:
        ValidationFailed: an unknown provider name.
    """
    names = [name.strip().lower() for name in (value or "").split(",") if name.strip()]
    unknown = [name for name in names if name not in KNOWN_PROVIDERS]
    if unknown:
        known = ", ".join(KNOWN_PROVIDERS)
        raise ValidationFailed(
            f"unknown provider {unknown[0]!r}; use {known}", field="SLEEPLAB_LLM_PROVIDERS"
        )
    return tuple(dict.fromkeys(names)) or DEFAULT_PROVIDERS


def split_keys(*values: str | None) -> tuple[str, ...]:
    """API keys from ``*_API_KEYS`` (comma or whitespace separated) and ``*_API_KEY``, deduped."""
    keys = (key for value in values if value for key in re.split(r"[\s,]+", value) if key)
    return tuple(dict.fromkeys(keys))
