"""The assistant's prompt pieces are data: ``assistant/prompts/<locale>/<name>.txt``.

``length_short``, ``length_normal``, ``length_detailed`` ask for an answer length;
``summary`` frames the summary of older turns (``{topics}`` placeholder). They are appended
to the shared system prompt (``sleeplab_core/llm/prompts``) as the use case's context.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from sleeplab_core.assistant.model import AnswerLength
from sleeplab_core.kernel.errors import NotFound
from sleeplab_core.kernel.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES
from sleeplab_core.llm.prompts import system_prompt


@cache
def load_piece(name: str, locale: str) -> str:
    """The text of piece ``name`` in ``locale``, else in the default locale.

    Raises:
        NotFound: no file for the piece in either locale.
    """
    for candidate in (locale, DEFAULT_LOCALE):
        if candidate not in SUPPORTED_LOCALES:
            continue
        path = resources.files("sleeplab_core.assistant") / "prompts" / candidate / f"{name}.txt"
        if path.is_file():
            return path.read_text(encoding="utf-8").strip()
    raise NotFound(f"assistant prompt {name!r} has no file for {locale!r} or {DEFAULT_LOCALE!r}")


def assistant_system_prompt(locale: str, length: AnswerLength, summary: str) -> str:
    """The system prompt: the shared one, the wanted length, and the earlier topics if any."""
    context = [load_piece(f"length_{length.value}", locale)]
    if summary:
        context.append(load_piece("summary", locale).format(topics=summary))
    return system_prompt(locale, "\n".join(context))
