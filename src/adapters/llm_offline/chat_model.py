"""The embedded offline assistant: retrieval over our own knowledge base, no network.

Deterministic: the same request always gets the same answer. The answer opens with the
assistant saying it is the offline assistant, then the best matching article, then a pointer
to a second article when one is nearly as relevant. Structured requests get a valid
instance built from the answer text for simple models (see ``minimal_instance``); for shapes
that cannot be filled, :class:`StructuredOutputInvalid` is raised. Images raise
:class:`VisionNotSupported`.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from adapters.llm_offline.knowledge import KnowledgeBase, load_knowledge_base
from sleeplab_core.kernel.i18n import DEFAULT_LOCALE
from sleeplab_core.llm import (
    ChatRequest,
    ChatResponse,
    StructuredOutputInvalid,
    UnsupportedShape,
    Usage,
    VisionNotSupported,
    minimal_instance,
)

PROVIDER = "offline"
MODEL = "sleeplab-kb-1"
#: A second article is mentioned when it scores at least this share of the best one.
_SEE_ALSO_SHARE = 0.75
_FALLBACK_TOPICS = 6


class OfflineChatModel:
    """A :class:`ChatModel` answering from the shipped knowledge base."""

    def __init__(self, locales: Sequence[str] = ("en", "ru")) -> None:
        self._bases = {locale: _knowledge_base(locale) for locale in locales}

    @property
    def provider(self) -> str:
        return PROVIDER

    @property
    def model(self) -> str:
        return MODEL

    @property
    def supports_vision(self) -> bool:
        return False

    async def complete(self, request: ChatRequest) -> ChatResponse:
        if request.images:
            raise VisionNotSupported(PROVIDER, "the offline assistant cannot read images")
        text = self.answer(request.message, request.locale)
        usage = Usage(_count(request.system, request.message), _count(text))
        if request.response_model is None:
            return ChatResponse(text, usage, PROVIDER, MODEL)
        try:
            parsed = minimal_instance(request.response_model, text)
        except UnsupportedShape as error:
            raise StructuredOutputInvalid(PROVIDER, str(error), text) from None
        return ChatResponse(parsed.model_dump_json(), usage, PROVIDER, MODEL, parsed)

    def answer(self, question: str, locale: str) -> str:
        """The offline answer to ``question``, in the question's language."""
        base = self._bases.get(_language_of(question, locale)) or self._default_base()
        found = base.search(question)
        if not found:
            titles = ", ".join(entry.title for entry in base.entries[:_FALLBACK_TOPICS])
            return f"{base.texts.intro}\n\n{base.texts.fallback.format(topics=titles)}"
        (best, best_score), *rest = found
        parts = [base.texts.intro, best.text]
        if rest and rest[0][1] >= _SEE_ALSO_SHARE * best_score:
            parts.append(f"{base.texts.see_also} {rest[0][0].title}")
        return "\n\n".join(parts)

    def _default_base(self) -> KnowledgeBase:
        return self._bases.get(DEFAULT_LOCALE) or next(iter(self._bases.values()))


@cache
def _knowledge_base(locale: str) -> KnowledgeBase:
    return load_knowledge_base(locale)


def _language_of(text: str, requested: str) -> str:
    # People write in the language they think in, whatever the profile says.
    cyrillic = sum("а" <= char <= "я" or char == "ё" for char in text.lower())
    latin = sum("a" <= char <= "z" for char in text.lower())
    if cyrillic > latin:
        return "ru"
    if latin > cyrillic:
        return "en"
    return requested


def _count(*texts: str) -> int:
    return sum(len(text.split()) for text in texts)
