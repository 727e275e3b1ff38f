"""The standard library's similarity: the in-core fake of :class:`Similarity`."""

from __future__ import annotations

from difflib import SequenceMatcher


class DifflibSimilarity:
    """``difflib``'s ratio × 100, taken both ways round (rapidfuzz's is the faster twin)."""

    def score(self, a: str, b: str) -> float:
        # difflib's matching blocks depend on argument order; the larger ratio is symmetric.
        forward = SequenceMatcher(None, a, b, autojunk=False).ratio()
        backward = SequenceMatcher(None, b, a, autojunk=False).ratio()
        return max(forward, backward) * 100
