"""Grant buckets: the unspent part of each credit that lapses at a time.

A grant is a transfer leg with ``lapses_at``. Next to the posted balance the ledger keeps one
bucket per grant holding its unspent ``remaining``. Spending (a debit or a reserve) draws on
live buckets first, soonest lapse first, so a user loses as little as possible; the rest of a
debit comes from the account's own money. The remaining of a lapsed bucket is excluded from
the available balance at once, and a sweep later books it back to the grant's source as a
reversing transfer, which leaves the available balance unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import attrs

BucketId = tuple[str, int]  # (transfer key, leg index) of the grant


@attrs.frozen
class GrantBucket:
    """The unspent rest of one grant to ``owner``'s account in ``unit``."""

    id: BucketId
    owner: str
    unit: str
    source: str
    lapses_at: datetime
    remaining: int

    def is_lapsed(self, now: datetime) -> bool:
        return self.lapses_at <= now


def plan_draw(buckets: Iterable[GrantBucket], amount: int, now: datetime) -> dict[BucketId, int]:
    """How much of ``amount`` to take from each live bucket: soonest lapse first.

    Ties keep the order given (the order grants were booked). The plan may cover less than
    ``amount``; the rest comes from the account's own money.
    """
    live = sorted(
        (b for b in buckets if not b.is_lapsed(now) and b.remaining > 0),
        key=lambda bucket: bucket.lapses_at,
    )
    plan: dict[BucketId, int] = {}
    for bucket in live:
        if amount <= 0:
            break
        take = min(bucket.remaining, amount)
        plan[bucket.id] = take
        amount -= take
    return plan


def lapsed_total(buckets: Iterable[GrantBucket], now: datetime) -> int:
    """Unspent credit of lapsed grants: money the account holds but may no longer spend."""
    return sum(b.remaining for b in buckets if b.is_lapsed(now))


def split_draw(
    draw: dict[BucketId, int], amount: int
) -> tuple[dict[BucketId, int], dict[BucketId, int]]:
    """Split a hold's draw into the part a post of ``amount`` uses and the part it returns.

    The posted part uses the draw in its order (soonest lapse first).
    """
    used: dict[BucketId, int] = {}
    returned: dict[BucketId, int] = {}
    for bucket_id, taken in draw.items():
        use = min(taken, amount)
        amount -= use
        if use:
            used[bucket_id] = use
        if taken - use:
            returned[bucket_id] = taken - use
    return used, returned
