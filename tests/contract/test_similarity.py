"""The name-similarity contract on the core fake and on rapidfuzz."""

from __future__ import annotations

import pytest

from adapters.fuzzy_rapidfuzz import RapidfuzzSimilarity
from sleeplab_core.booking.parsing import DifflibSimilarity, Similarity
from sleeplab_core.testing.contracts.similarity import SimilarityContract


class TestDifflibSimilarity(SimilarityContract):
    @pytest.fixture
    def similarity(self) -> Similarity:
        return DifflibSimilarity()


class TestRapidfuzzSimilarity(SimilarityContract):
    @pytest.fixture
    def similarity(self) -> Similarity:
        return RapidfuzzSimilarity()
