"""The offline assistant's knowledge base: ``knowledge/<locale>.toml`` files, written by us.

Each file has a ``[texts]`` table (the assistant's own phrases: ``intro``, ``see_also``,
``fallback`` with a ``{topics}`` placeholder) and ``[[entry]]`` tables with ``id``,
``title``, ``keywords`` (extra word forms and synonyms that help retrieval) and ``text``.
Operators edit or translate these files without touching code.
"""

from __future__ import annotations

import tomllib
from importlib import resources

import attrs

from adapters.llm_offline.ranking import Bm25Index
from adapters.llm_offline.stemming import tokens

#: A match in the title or keywords counts this much more than one in the body text: they
#: say what an entry is about, while the text mentions neighbouring topics in passing.
_HEAD_WEIGHT = 2.0


@attrs.frozen
class Entry:
    """One short article."""

    id: str
    title: str
    keywords: tuple[str, ...]
    text: str

    def head(self) -> list[str]:
        """Tokens of the title and keywords."""
        return tokens(self.title) + tokens(" ".join(self.keywords))

    def body(self) -> list[str]:
        """Tokens of the text."""
        return tokens(self.text)


@attrs.frozen
class Texts:
    """What the offline assistant says around an article."""

    intro: str
    see_also: str
    fallback: str


@attrs.frozen
class KnowledgeBase:
    """Entries of one locale with their ranking index."""

    locale: str
    texts: Texts
    entries: tuple[Entry, ...]
    heads: Bm25Index = attrs.field(eq=False, repr=False)
    bodies: Bm25Index = attrs.field(eq=False, repr=False)

    def search(self, question: str) -> list[tuple[Entry, float]]:
        """Entries sharing words with ``question``, best first, ties in file order."""
        query = tokens(question)
        pairs = zip(self.heads.scores(query), self.bodies.scores(query), strict=True)
        scored = [(index, _HEAD_WEIGHT * head + body) for index, (head, body) in enumerate(pairs)]
        ranked = sorted((pair for pair in scored if pair[1] > 0), key=lambda p: (-p[1], p[0]))
        return [(self.entries[index], score) for index, score in ranked]


def load_knowledge_base(locale: str) -> KnowledgeBase:
    """The knowledge base shipped for ``locale``.

    Raises:
        FileNotFoundError: no file for that locale.
        KeyError, TypeError: the file misses a required field.
    """
    path = resources.files("adapters.llm_offline") / "knowledge" / f"{locale}.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    texts = Texts(**data["texts"])
    entries = tuple(
        Entry(
            id=item["id"],
            title=item["title"],
            keywords=tuple(item.get("keywords", ())),
            text=item["text"].strip(),
        )
        for item in data["entry"]
    )
    return KnowledgeBase(
        locale,
        texts,
        entries,
        Bm25Index([entry.head() for entry in entries]),
        Bm25Index([entry.body() for entry in entries]),
    )
