"""The family pool splits in proportion to steps, in integers that add up exactly."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from sleeplab_core.rewards.family import family_pool, split_pool

members = st.dictionaries(
    st.integers(min_value=1, max_value=10_000),
    st.integers(min_value=0, max_value=10**6),
    min_size=1,
    max_size=40,
)
pools = st.integers(min_value=0, max_value=10**7)


@given(pools, members)
def test_shares_add_up_exactly_to_the_pool(pool: int, steps: dict[int, int]):
    shares = split_pool(pool, steps)
    assert set(shares) == set(steps)
    assert sum(shares.values()) == (pool if sum(steps.values()) else 0)


@given(pools, members)
def test_each_share_is_within_one_point_of_its_exact_quota(pool: int, steps: dict[int, int]):
    total = sum(steps.values())
    for member, share in split_pool(pool, steps).items():
        exact = Fraction(pool * steps[member], total) if total else Fraction(0)
        assert exact - 1 < share < exact + 1


@given(pools, members)
def test_more_steps_never_get_a_smaller_share(pool: int, steps: dict[int, int]):
    shares = split_pool(pool, steps)
    for a in steps:
        for b in steps:
            if steps[a] > steps[b]:
                assert shares[a] >= shares[b]


@given(pools, members, st.randoms())
def test_the_split_does_not_depend_on_the_order_members_are_listed(pool, steps, random):
    items = list(steps.items())
    random.shuffle(items)
    assert split_pool(pool, dict(items)) == split_pool(pool, steps)


def test_ties_go_to_the_smaller_user_id():
    assert split_pool(1, {7: 100, 3: 100}) == {3: 1, 7: 0}
    assert split_pool(10, {1: 1, 2: 1, 3: 1}) == {1: 4, 2: 3, 3: 3}


def test_members_without_steps_get_nothing_and_no_steps_pays_nobody():
    assert split_pool(100, {1: 0, 2: 50}) == {1: 0, 2: 100}
    assert split_pool(100, {1: 0, 2: 0}) == {1: 0, 2: 0}


def test_the_pool_is_the_per_mille_share_of_the_points_earned():
    assert family_pool(137, 100) == 13
