"""Referral rules: who may refer whom, and when the reward is due.

A referral links a new user (the referee) to the user whose link they opened (the
referrer). It is refused when the referee already has a referrer, refers themselves, or
when it would close a loop (the referee is already up the referrer's chain). The reward is
due once, when the referee completes their first verified walk; the database makes "once"
hold with a unique constraint on the referee.
"""

from __future__ import annotations

from collections.abc import Sequence

from sleeplab_core.rewards.errors import ReferralRefused


def check_referral(
    referrer: int, referee: int, *, referee_referred: bool, referrer_chain: Sequence[int]
) -> None:
    """Refuse a self-referral, a second referrer or a loop (``ReferralRefused.code``).

    ``referrer_chain`` lists the referrer's own referrer, theirs, and so on upwards.
    """
    if referrer == referee:
        raise ReferralRefused("self")
    if referee_referred:
        raise ReferralRefused("already_referred")
    if referee in referrer_chain:
        raise ReferralRefused("loop")
