"""Shape checks every ledger backend runs before touching state (pure, no I/O)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sleeplab_core.kernel.money import Money
from sleeplab_core.ledger.errors import InvalidTransfer
from sleeplab_core.ledger.model import MAX_KEY_LENGTH, RESERVED_KEY_PREFIX, Leg

MAX_OWNER_LENGTH = 200
MAX_REASON_LENGTH = 100
MAX_LEGS = 100


def check_key(key: object, *, field: str = "key") -> str:
    """A caller's idempotency key: a non-empty string, not in the ledger's own namespace.

    Raises:
        InvalidTransfer: the key is empty, too long or starts with ``ledger:``.
    """
    if not isinstance(key, str) or not key or len(key) > MAX_KEY_LENGTH:
        raise InvalidTransfer(f"must be a string of 1 to {MAX_KEY_LENGTH} characters", field=field)
    if key.startswith(RESERVED_KEY_PREFIX):
        raise InvalidTransfer(
            f"keys starting with {RESERVED_KEY_PREFIX!r} are reserved", field=field
        )
    return key


def check_owner(owner: object, *, field: str = "owner") -> str:
    if not isinstance(owner, str) or not owner or len(owner) > MAX_OWNER_LENGTH:
        raise InvalidTransfer(
            f"must be a string of 1 to {MAX_OWNER_LENGTH} characters", field=field
        )
    return owner


def check_moment(moment: datetime | None, now: datetime, *, field: str) -> None:
    """An expiry must be timezone-aware and still ahead."""
    if moment is None:
        return
    if moment.tzinfo is None:
        raise InvalidTransfer("must be timezone-aware", field=field)
    if moment <= now:
        raise InvalidTransfer(f"must be later than now ({now.isoformat()})", field=field)


def check_leg(leg: Leg, now: datetime) -> Leg:
    """One leg: two different accounts, a positive amount, a short reason, a future lapse.

    Raises:
        InvalidTransfer: naming the field to fix.
    """
    if not isinstance(leg, Leg):
        raise InvalidTransfer(f"expected a Leg, got {type(leg).__name__}", field="leg")
    if not isinstance(leg.amount, Money):
        raise InvalidTransfer(f"expected Money, got {type(leg.amount).__name__}", field="amount")
    check_owner(leg.source, field="source")
    check_owner(leg.destination, field="destination")
    if leg.source == leg.destination:
        raise InvalidTransfer("source and destination must differ", field="destination")
    if leg.amount.amount <= 0:
        raise InvalidTransfer(f"must be positive, got {leg.amount.amount}", field="amount")
    if len(leg.reason) > MAX_REASON_LENGTH:
        raise InvalidTransfer(f"at most {MAX_REASON_LENGTH} characters", field="reason")
    check_moment(leg.lapses_at, now, field="lapses_at")
    return leg


def check_legs(legs: Sequence[Leg], now: datetime) -> tuple[Leg, ...]:
    if not 1 <= len(legs) <= MAX_LEGS:
        raise InvalidTransfer(f"a transfer has 1 to {MAX_LEGS} legs, got {len(legs)}", field="legs")
    return tuple(check_leg(leg, now) for leg in legs)


def check_post_amount(amount: int | None) -> None:
    if amount is None:
        return
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise InvalidTransfer(f"must be a positive integer or None, got {amount!r}", field="amount")
