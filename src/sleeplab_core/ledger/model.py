"""The ledger's values: accounts, legs, transfers, holds and balances (all immutable)."""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from sleeplab_core.kernel.money import Money

# Keys the ledger books on its own behalf (lapsed grants) start with this prefix, so they can
# never collide with a caller's key.
RESERVED_KEY_PREFIX = "ledger:"
MAX_KEY_LENGTH = 200


@attrs.frozen
class AccountRef:
    """Names an account: one per owner and unit (``"user:42"`` holding ``"credits"``)."""

    owner: str
    unit: str


@attrs.frozen
class Account:
    """An account; ``allow_negative`` marks a system account (an issuer) that may go below zero."""

    owner: str
    unit: str
    allow_negative: bool
    opened_at: datetime

    @property
    def ref(self) -> AccountRef:
        return AccountRef(self.owner, self.unit)


@attrs.frozen
class Leg:
    """One movement of ``amount`` from ``source``'s account to ``destination``'s, same unit.

    ``lapses_at`` makes the movement a grant: the credited amount that is still unspent at
    that time no longer counts for the destination (trial credits).
    """

    source: str
    destination: str
    amount: Money
    reason: str = ""
    lapses_at: datetime | None = None

    @property
    def unit(self) -> str:
        return self.amount.unit


@attrs.frozen
class Transfer:
    """A booked leg: immutable history. ``key`` and ``leg`` identify it together.

    ``hold_key`` is set when the transfer posts a hold; ``reverses`` when it corrects
    another transfer group.
    """

    key: str
    leg: int
    source: str
    destination: str
    amount: Money
    reason: str
    booked_at: datetime
    lapses_at: datetime | None = None
    hold_key: str | None = None
    reverses: str | None = None


class HoldState(enum.Enum):
    PENDING = "pending"
    POSTED = "posted"
    VOIDED = "voided"
    EXPIRED = "expired"


@attrs.frozen
class Hold:
    """Money reserved on ``source``'s account for ``destination``; resolves exactly once."""

    key: str
    source: str
    destination: str
    amount: Money
    reason: str
    created_at: datetime
    expires_at: datetime | None
    state: HoldState = HoldState.PENDING
    posted_amount: int = 0
    resolved_at: datetime | None = None


@attrs.frozen
class Balance:
    """An account's figures at one moment.

    ``posted`` is the booked balance; ``held`` what pending holds reserve; ``lapsed`` what
    granted credits lapsed without being spent (not yet swept). ``available`` is what may
    be spent or reserved now.
    """

    owner: str
    unit: str
    posted: int
    held: int
    lapsed: int

    @property
    def available(self) -> int:
        return self.posted - self.held - self.lapsed
