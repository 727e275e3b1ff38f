"""Safety: crisis topics (self-harm, suicide) are answered with help, not with model text.

The patterns are data (``prompts/<locale>/crisis_terms.txt``, one regular expression a
line); every locale's list is checked whatever the user's language, since people switch
languages. The reply is the ``llm.crisis.reply`` message of the ``llm`` catalog.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

from sleeplab_core.kernel.i18n import SUPPORTED_LOCALES, Message, msg
from sleeplab_core.llm.prompts import load_prompt

CRISIS_REPLY_KEY = "llm.crisis.reply"


def crisis_reply() -> Message:
    """The message shown instead of an answer when a crisis topic comes up."""
    return msg(CRISIS_REPLY_KEY)


@attrs.frozen
class CrisisCheck:
    """Finds crisis topics in a text."""

    patterns: tuple[re.Pattern[str], ...]

    @classmethod
    def from_prompts(cls, locales: Iterable[str] = SUPPORTED_LOCALES) -> CrisisCheck:
        """The check built from each locale's ``crisis_terms.txt``."""
        lines = (
            line.strip()
            for locale in locales
            for line in load_prompt("crisis_terms", locale).splitlines()
        )
        return cls(tuple(re.compile(line, re.IGNORECASE) for line in lines if _is_pattern(line)))

    def is_crisis(self, text: str) -> bool:
        """True when ``text`` touches self-harm or suicide."""
        normalized = _normalize(text)
        return any(pattern.search(normalized) for pattern in self.patterns)


def _is_pattern(line: str) -> bool:
    return bool(line) and not line.startswith("#")


def _normalize(text: str) -> str:
    # "ё" is often typed as "е"; apostrophes vary ("don’t"); spacing varies.
    text = text.lower().replace("ё", "е").replace("’", "'")
    return re.sub(r"\s+", " ", text)
