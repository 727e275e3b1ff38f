"""The services coaching use cases are given (built once by the bot)."""

from __future__ import annotations

from importlib import resources

import attrs

from sleeplab_core.coaching.ports import FileStore, SpeechToText
from sleeplab_core.kernel.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES, Catalog
from sleeplab_core.llm.ports import ChatModel
from sleeplab_core.llm.safety import CrisisCheck

OFFLINE_PROVIDER = "offline"


@attrs.frozen
class Coach:
    """The model, stores and texts behind the coaching use cases.

    Attributes:
        model: the chat model (offline by default: then the rules answer).
        files: where photos and voice notes are kept.
        speech: the speech-to-text service (offline: none, the user summarises).
        texts: the catalogs, for the rules' wording in the user's language.
        crisis: the crisis check run before anything reaches the model.
        attempts: model calls per analysis before the rule-based fallback.
    """

    model: ChatModel
    files: FileStore
    speech: SpeechToText
    texts: Catalog
    crisis: CrisisCheck = attrs.field(factory=CrisisCheck.from_prompts)
    attempts: int = 2


def coach_prompt(locale: str) -> str:
    """The coach's system prompt in ``locale`` (English when there is none)."""
    chosen = locale if locale in SUPPORTED_LOCALES else DEFAULT_LOCALE
    path = resources.files("sleeplab_core.coaching") / "prompts" / chosen / "coach.txt"
    return path.read_text(encoding="utf-8").strip()
