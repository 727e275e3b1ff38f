import itertools
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.ledger import split_proportionally

totals = st.integers(min_value=0, max_value=10**12)
weight_lists = st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=30).filter(
    any
)


@given(totals, weight_lists)
def test_shares_sum_exactly_to_the_total(total: int, weights: list[int]):
    assert sum(split_proportionally(total, weights)) == total


@given(totals, weight_lists)
def test_each_share_is_within_one_unit_of_its_exact_quota(total: int, weights: list[int]):
    shares = split_proportionally(total, weights)

    for share, weight in zip(shares, weights, strict=True):
        quota = Fraction(total * weight, sum(weights))
        assert quota - 1 < share < quota + 1


@given(totals, weight_lists)
def test_a_larger_weight_never_gets_less_and_a_zero_weight_gets_nothing(
    total: int, weights: list[int]
):
    shares = split_proportionally(total, weights)

    for i, j in itertools.permutations(range(len(weights)), 2):
        if weights[i] > weights[j]:
            assert shares[i] >= shares[j]
    assert all(share == 0 for share, weight in zip(shares, weights, strict=True) if weight == 0)


@given(totals, st.integers(min_value=1, max_value=20), st.integers(min_value=1, max_value=100))
def test_equal_weights_differ_by_at_most_one_and_favour_the_first(total: int, n: int, w: int):
    shares = split_proportionally(total, [w] * n)

    assert max(shares) - min(shares) <= 1
    assert shares == sorted(shares, reverse=True)


@pytest.mark.parametrize(
    ("total", "weights", "shares"),
    [
        (100, [1, 1, 1], [34, 33, 33]),
        (10, [1, 2, 3], [2, 3, 5]),
        (7, [5, 0, 5], [4, 0, 3]),
        (0, [3, 4], [0, 0]),
        (1, [1, 3], [0, 1]),
    ],
)
def test_worked_examples(total: int, weights: list[int], shares: list[int]):
    assert split_proportionally(total, weights) == shares


@pytest.mark.parametrize(
    ("total", "weights"),
    [(10, []), (10, [0, 0]), (-1, [1]), (10, [1, -1]), (10, [1.5]), (1.0, [1])],
)
def test_bad_input_is_refused(total: int, weights: list[int]):
    with pytest.raises(ValidationFailed):
        split_proportionally(total, weights)
