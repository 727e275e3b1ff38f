"""The ledger: accounts per owner and unit, idempotent transfers, holds, grants and splits.

See ``docs/ledger.md`` for the model and its invariants.
"""

from sleeplab_core.ledger.errors import (
    AccountConflict,
    AccountNotFound,
    AlreadyReversed,
    HoldAlreadyResolved,
    HoldExpired,
    HoldNotFound,
    IdempotencyConflict,
    InsufficientFunds,
    InvalidTransfer,
    LedgerError,
    PostExceedsHold,
    TransferNotFound,
)
from sleeplab_core.ledger.fakes import InMemoryLedger
from sleeplab_core.ledger.grants import GrantBucket, lapsed_total, plan_draw, split_draw
from sleeplab_core.ledger.model import (
    RESERVED_KEY_PREFIX,
    Account,
    AccountRef,
    Balance,
    Hold,
    HoldState,
    Leg,
    Transfer,
)
from sleeplab_core.ledger.ports import Ledger
from sleeplab_core.ledger.split import split_proportionally

__all__ = [
    "RESERVED_KEY_PREFIX",
    "Account",
    "AccountConflict",
    "AccountNotFound",
    "AccountRef",
    "AlreadyReversed",
    "Balance",
    "GrantBucket",
    "Hold",
    "HoldAlreadyResolved",
    "HoldExpired",
    "HoldNotFound",
    "HoldState",
    "IdempotencyConflict",
    "InMemoryLedger",
    "InsufficientFunds",
    "InvalidTransfer",
    "Ledger",
    "LedgerError",
    "Leg",
    "PostExceedsHold",
    "Transfer",
    "TransferNotFound",
    "lapsed_total",
    "plan_draw",
    "split_draw",
    "split_proportionally",
]
