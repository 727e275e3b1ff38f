"""The contract of the name-similarity port: subclass SimilarityContract, provide ``similarity``."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleeplab_core.booking.parsing import Similarity

words = st.text(alphabet="abcdefghijkалмнопр", min_size=1, max_size=12)


class SimilarityContract:
    @pytest.fixture
    def similarity(self) -> Similarity:
        raise NotImplementedError

    def test_scores_lie_between_0_and_100_and_are_symmetric(self, similarity) -> None:
        @given(a=words, b=words)
        def check(a: str, b: str) -> None:
            score = similarity.score(a, b)
            assert 0 <= score <= 100
            assert score == pytest.approx(similarity.score(b, a))

        check()

    def test_equal_strings_score_100(self, similarity) -> None:
        @given(a=words)
        def check(a: str) -> None:
            assert similarity.score(a, a) == pytest.approx(100)

        check()

    @pytest.mark.parametrize(
        ("typed", "name"),
        [("manicur", "manicure"), ("maniqure", "manicure"), ("маникюрр", "маникюр"),
         ("окрашиване", "окрашивание"), ("haircutt", "haircut")],
    )  # fmt: skip
    def test_one_typo_in_a_long_word_scores_at_least_80(self, similarity, typed, name) -> None:
        assert similarity.score(typed, name) >= 80

    def test_unrelated_words_score_low(self, similarity) -> None:
        assert similarity.score("pedicure", "haircut") < 60
