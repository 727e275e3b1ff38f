"""The family pool and its split among members.

Membership rule (also in docs/steps.md): every walk records the family its walker belonged
to when it was logged. A period's pool is ``pool_per_mille`` of the points earned by walks
logged in the family during the period, and it is split among the people who are members
when the split runs, in proportion to the verified steps of *their walks logged in the
family* during the period. So a member who joins mid-period counts from the day they join,
and a member who leaves before the split forfeits the family share for that period (their
own walk points are theirs whatever happens).
"""

from __future__ import annotations

from collections.abc import Mapping

from sleeplab_core.ledger.split import split_proportionally
from sleeplab_core.rewards.points import PER_MILLE


def family_pool(points_earned: int, pool_per_mille: int) -> int:
    """The pool of a period: a per-mille share of the points the family's walks earned."""
    return points_earned * pool_per_mille // PER_MILLE


def split_pool(pool: int, steps_by_member: Mapping[int, int]) -> dict[int, int]:
    """Shares of ``pool`` proportional to each member's steps, summing exactly to ``pool``.

    Largest remainder; ties go to the smaller user id, so the result is deterministic and
    independent of the mapping's order. Members with no steps get 0. No steps at all:
    nobody gets anything (the pool stays unpaid).
    """
    members = sorted(steps_by_member)
    weights = [steps_by_member[member] for member in members]
    if not members or sum(weights) == 0:
        return dict.fromkeys(members, 0)
    return dict(zip(members, split_proportionally(pool, weights), strict=True))
