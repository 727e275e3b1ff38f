"""BM25 ranking over a small, fixed set of documents."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

K1 = 1.5
B = 0.75


class Bm25Index:
    """Scores documents (token lists) against a query with Okapi BM25."""

    def __init__(self, documents: Sequence[Sequence[str]]) -> None:
        self._counts = [Counter(document) for document in documents]
        self._lengths = [len(document) for document in documents]
        self._average = sum(self._lengths) / len(documents) if documents else 0.0
        frequency: Counter[str] = Counter()
        for counts in self._counts:
            frequency.update(counts.keys())
        total = len(documents)
        self._idf = {
            term: math.log(1 + (total - n + 0.5) / (n + 0.5)) for term, n in frequency.items()
        }

    def scores(self, query: Sequence[str]) -> list[float]:
        """One score per document, in document order; 0.0 means no shared term."""
        terms = set(query)
        return [self._score(index, terms) for index in range(len(self._counts))]

    def _score(self, index: int, terms: set[str]) -> float:
        counts, length = self._counts[index], self._lengths[index]
        norm = K1 * (1 - B + B * length / self._average) if self._average else K1
        return sum(
            self._idf[term] * counts[term] * (K1 + 1) / (counts[term] + norm)
            for term in terms
            if term in counts
        )
