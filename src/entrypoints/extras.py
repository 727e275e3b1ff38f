"""Optional extras of the distribution: which modules each brings, and the one-line hint
shown instead of a traceback when a command needs one that is not installed."""

from __future__ import annotations

import importlib.util

EXTRAS: dict[str, tuple[str, ...]] = {
    "telegram": ("aiogram", "telegram", "aiohttp"),
    "postgres": ("asyncpg",),
    "llm": ("openai", "anthropic"),
    "s3": ("boto3",),
}
"""Extra name -> the top-level modules it installs (see pyproject.toml)."""


def extra_for_module(module: str | None) -> str | None:
    """The extra that installs ``module`` (a dotted name is read by its top level)."""
    top = (module or "").split(".")[0]
    return next((extra for extra, modules in EXTRAS.items() if top in modules), None)


def missing_modules(extra: str) -> list[str]:
    """The modules of ``extra`` that cannot be imported here."""
    return [name for name in EXTRAS[extra] if importlib.util.find_spec(name) is None]


def install_hint(extra: str) -> str:
    """How to install ``extra``, in one line."""
    return f"pip install 'sleeplab[{extra}]' (from a checkout: pip install -e '.[{extra}]')"
