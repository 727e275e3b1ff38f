"""Name similarity through rapidfuzz (C-speed Levenshtein ratio): service ``name_similarity``."""

from __future__ import annotations

from rapidfuzz import fuzz

from sleeplab_core.platform import ServiceEnvironment


class RapidfuzzSimilarity:
    """:class:`~sleeplab_core.booking.parsing.Similarity` as rapidfuzz's normalised ratio."""

    def score(self, a: str, b: str) -> float:
        return float(fuzz.ratio(a, b))


def build_service(env: ServiceEnvironment) -> RapidfuzzSimilarity:
    """Always available once installed; needs no settings."""
    return RapidfuzzSimilarity()


__all__ = ["RapidfuzzSimilarity", "build_service"]
