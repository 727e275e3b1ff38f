"""Finding a salon's services and specialists in free text, typos included."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sleeplab_core.booking.config import SalonConfig
from sleeplab_core.booking.parsing.ports import Similarity

THRESHOLD = 80.0
_WORD = re.compile(r"[a-zа-я0-9]+")


def words_of(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("ё", "е"))


def best_match(
    text: str, candidates: Iterable[tuple[str, Iterable[str]]], similarity: Similarity
) -> str | None:
    """The id whose name (or alias) best matches a run of words in ``text``, if any scores
    at least :data:`THRESHOLD`; words of one or two letters never match."""
    words = words_of(text)
    best: tuple[float, str] | None = None
    for item_id, names in candidates:
        for name in names:
            target = words_of(name)
            size = len(target)
            joined = " ".join(target)
            if not target or len(joined) < 3:
                continue
            for start in range(len(words) - size + 1):
                phrase = " ".join(words[start : start + size])
                if len(phrase) < 3:
                    continue
                score = _score(similarity, phrase, joined)
                if score >= THRESHOLD and (best is None or score > best[0]):
                    best = (score, item_id)
    return best[1] if best else None


def find_service(text: str, config: SalonConfig, similarity: Similarity) -> str | None:
    candidates = ((s.id, (s.name.en, s.name.ru, *s.aliases)) for s in config.services)
    return best_match(text, candidates, similarity)


def find_specialist(text: str, config: SalonConfig, similarity: Similarity) -> str | None:
    candidates = ((s.id, (s.name.en, s.name.ru, *s.aliases)) for s in config.specialists)
    return best_match(text, candidates, similarity)


def _score(similarity: Similarity, phrase: str, name: str) -> float:
    """The better of the whole words and their stems (Russian names decline: Анна, Анне)."""
    score = similarity.score(phrase, name)
    if " " not in name and min(len(phrase), len(name)) >= 4:
        score = max(score, similarity.score(phrase[:-1], name[:-1]))
    return score
