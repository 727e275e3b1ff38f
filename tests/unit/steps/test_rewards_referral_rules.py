"""Referral rules: no self-referral, no second referrer, no loops."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleeplab_core.rewards import ReferralRefused
from sleeplab_core.rewards.referrals import check_referral


def test_a_fresh_referral_is_accepted():
    check_referral(1, 2, referee_referred=False, referrer_chain=[5, 9])


@pytest.mark.parametrize(
    ("referrer", "referee", "referred", "chain", "code"),
    [
        (1, 1, False, [], "self"),
        (1, 2, True, [], "already_referred"),
        (3, 1, False, [2, 1], "loop"),  # 1 → 2 → 3 → 1
    ],
)
def test_refusals_name_their_rule(referrer, referee, referred, chain, code):
    with pytest.raises(ReferralRefused) as refused:
        check_referral(referrer, referee, referee_referred=referred, referrer_chain=chain)
    assert refused.value.code == code


@given(st.lists(st.integers(min_value=1, max_value=50), unique=True, min_size=1, max_size=20))
def test_nobody_up_the_chain_can_be_referred_by_its_end(chain: list[int]):
    referrer, *above = chain
    for ancestor in above:
        with pytest.raises(ReferralRefused):
            check_referral(referrer, ancestor, referee_referred=False, referrer_chain=above)
