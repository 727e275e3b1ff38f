"""What the ledger refuses, and why; every error names what a caller must change."""

# Names follow the kernel's (NotFound, Conflict): they say what happened, without a suffix.

from __future__ import annotations

from sleeplab_core.kernel.errors import Conflict, NotFound, SleeplabError, ValidationFailed
from sleeplab_core.ledger.model import HoldState


class LedgerError(SleeplabError):
    """Base class of every ledger refusal."""


class InvalidTransfer(LedgerError, ValidationFailed):
    """A request that can never succeed as written (zero amount, same account, bad key)."""


class AccountNotFound(LedgerError, NotFound):
    def __init__(self, owner: str, unit: str) -> None:
        super().__init__(f"no account for owner {owner!r} in unit {unit!r}; open it first")
        self.owner = owner
        self.unit = unit


class AccountConflict(LedgerError, Conflict):
    """The account exists with a different ``allow_negative`` flag."""

    def __init__(self, owner: str, unit: str, allow_negative: bool) -> None:
        super().__init__(
            f"account {owner!r}/{unit!r} already exists with allow_negative={allow_negative}"
        )
        self.owner = owner
        self.unit = unit
        self.allow_negative = allow_negative


class InsufficientFunds(LedgerError):
    """The source account cannot cover the amount, counting holds and lapsed grants."""

    def __init__(self, owner: str, unit: str, available: int, requested: int) -> None:
        super().__init__(
            f"account {owner!r}/{unit!r} has {available} available, {requested} requested"
        )
        self.owner = owner
        self.unit = unit
        self.available = available
        self.requested = requested


class IdempotencyConflict(LedgerError, Conflict):
    """The key was used before for a different request; choose a new key."""

    def __init__(self, key: str, detail: str) -> None:
        super().__init__(f"key {key!r} was used for a different request: {detail}")
        self.key = key
        self.detail = detail


class TransferNotFound(LedgerError, NotFound):
    def __init__(self, key: str) -> None:
        super().__init__(f"no transfer booked under key {key!r}")
        self.key = key


class AlreadyReversed(LedgerError, Conflict):
    def __init__(self, key: str, reversed_by: str) -> None:
        super().__init__(f"transfer {key!r} was already reversed by {reversed_by!r}")
        self.key = key
        self.reversed_by = reversed_by


class HoldNotFound(LedgerError, NotFound):
    def __init__(self, key: str) -> None:
        super().__init__(f"no hold under key {key!r}")
        self.key = key


class HoldAlreadyResolved(LedgerError, Conflict):
    """The hold was posted, voided or has expired; it resolves only once."""

    def __init__(self, key: str, state: HoldState) -> None:
        super().__init__(f"hold {key!r} is already {state.value}")
        self.key = key
        self.state = state


class HoldExpired(HoldAlreadyResolved):
    """The hold's time ran out before it was posted or voided."""

    def __init__(self, key: str) -> None:
        super().__init__(key, HoldState.EXPIRED)


class PostExceedsHold(LedgerError, ValidationFailed):
    def __init__(self, key: str, held: int, requested: int) -> None:
        super().__init__(f"hold {key!r} reserves {held}; cannot post {requested}", field="amount")
        self.key = key
        self.held = held
        self.requested = requested
