"""Prompts are data: per-locale text files under ``sleeplab_core/llm/prompts/<locale>/``.

An operator rewords or translates a prompt by editing its file; code only names it.
Files: ``system.txt`` (the assistant's default system prompt), ``structured.txt`` (asks for
JSON, ``{schema}`` placeholder), ``repair.txt`` (``{errors}``), ``crisis_terms.txt``.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from sleeplab_core.kernel.errors import NotFound
from sleeplab_core.kernel.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES


@cache
def load_prompt(name: str, locale: str) -> str:
    """The text of prompt ``name`` (file stem) in ``locale``, falling back to the default locale.

    Raises:
        NotFound: no such prompt file in either locale.
    """
    for candidate in (locale, DEFAULT_LOCALE):
        if candidate not in SUPPORTED_LOCALES:
            continue
        path = resources.files("sleeplab_core.llm") / "prompts" / candidate / f"{name}.txt"
        if path.is_file():
            return path.read_text(encoding="utf-8").strip()
    raise NotFound(f"prompt {name!r} has no file for locale {locale!r} or {DEFAULT_LOCALE!r}")


def system_prompt(locale: str, context: str = "") -> str:
    """The assistant's system prompt in ``locale``, with use-case ``context`` appended."""
    base = load_prompt("system", locale)
    return f"{base}\n\n{context.strip()}" if context.strip() else base
