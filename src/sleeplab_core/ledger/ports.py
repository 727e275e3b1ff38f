"""The ledger port: double-entry accounts of integer units with holds and grants."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from sleeplab_core.ledger.model import Account, Balance, Hold, Leg, Transfer


class Ledger(Protocol):
    """Accounts per (owner, unit) and the transfers between them.

    Contract (every backend, checked by the ledger contract suite):

    - Conservation: every leg debits one account and credits another of the same unit by the
      same positive integer amount, so the balances of one unit always sum to zero when the
      issuer accounts (``allow_negative=True``) are included.
    - No overdraft: an account without ``allow_negative`` never has a negative available
      balance (``posted - held - lapsed``); a request that would cause one raises
      :class:`InsufficientFunds` and changes nothing.
    - Idempotency: every write carries a caller-chosen ``key``, one key space for all
      writes. A replay with identical fields returns the original result (for holds: the
      same hold, in its current state) and changes nothing; the same key with different
      fields or another operation raises :class:`IdempotencyConflict`. Only successful
      writes claim their key: a refused request may be retried under the same key.
    - Append-only: booked transfers never change; a correction is :meth:`reverse`.
    - Atomicity: all legs of :meth:`transfer_linked` are booked or none is; legs are applied
      in order, so a later leg may spend what an earlier one credited.
    - Holds: :meth:`reserve` counts against the source at once; :meth:`post` books at most
      the held amount (the rest is released) and :meth:`void` releases it all. A hold
      resolves exactly once; after ``expires_at`` (by the ledger's clock) it no longer
      counts and can be neither posted nor voided (:class:`HoldExpired`).
    - Grants: a leg with ``lapses_at`` credits money whose unspent part stops counting at
      that time (``Balance.lapsed``). Spending draws on live grants first, soonest lapse
      first; a hold draws when reserved, so a post honours credit that lapsed meanwhile.
      :meth:`sweep_lapsed_grants` books lapsed remainders back to the grant's source under
      keys starting with ``ledger:`` (reserved; callers may not use them).
    - Concurrency: operations are linearizable; many concurrent debits of one account never
      overdraw it.
    - Transactions: a call outside any unit of work is its own transaction. A call made while
      a unit of work of the same store is open in the task joins it: committed with it, or
      rolled back with it (the SQL ledgers write through the unit of work's transaction;
      the in-memory ledger restores its state). While the unit of work is ``released()``
      a call is its own transaction again.

    Raises (all derive from ``LedgerError``): ``InvalidTransfer`` for malformed requests,
    ``AccountNotFound``, ``AccountConflict``, ``InsufficientFunds``, ``IdempotencyConflict``,
    ``TransferNotFound``, ``AlreadyReversed``, ``HoldNotFound``, ``HoldAlreadyResolved``
    (and its subclass ``HoldExpired``), ``PostExceedsHold``.
    """

    async def open_account(self, owner: str, unit: str, *, allow_negative: bool = False) -> Account:
        """Open (or return the already open) account; a different flag raises AccountConflict."""
        ...

    async def get_account(self, owner: str, unit: str) -> Account:
        """Raises AccountNotFound."""
        ...

    async def balance(self, owner: str, unit: str) -> Balance:
        """The account's posted, held and lapsed figures now. Raises AccountNotFound."""
        ...

    async def transfer(self, key: str, leg: Leg) -> Transfer:
        """Book one leg under ``key`` (a one-leg :meth:`transfer_linked`)."""
        ...

    async def transfer_linked(self, key: str, legs: Sequence[Leg]) -> tuple[Transfer, ...]:
        """Book all legs under ``key`` (numbered 0, 1, ...) or none of them."""
        ...

    async def reverse(
        self, key: str, original_key: str, *, reason: str = "reversal"
    ) -> tuple[Transfer, ...]:
        """Book the mirror of every leg booked under ``original_key``, atomically.

        Reversing a grant takes back its own unspent remainder first. A group is reversed
        at most once (AlreadyReversed); the reversal obeys the no-overdraft rule.
        """
        ...

    async def reserve(self, key: str, leg: Leg, *, expires_at: datetime | None = None) -> Hold:
        """Hold ``leg.amount`` on the source for the destination; ``lapses_at`` is not allowed."""
        ...

    async def post(self, key: str, hold_key: str, amount: int | None = None) -> Transfer:
        """Book ``amount`` (default: all) of the hold as a transfer; release the rest."""
        ...

    async def void(self, key: str, hold_key: str) -> Hold:
        """Release the whole hold."""
        ...

    async def get_hold(self, hold_key: str) -> Hold:
        """The hold in its current state (expired if its time ran out). Raises HoldNotFound."""
        ...

    async def transfers(self, key: str) -> tuple[Transfer, ...]:
        """The legs booked under ``key``. Raises TransferNotFound."""
        ...

    async def history(self, owner: str, unit: str) -> tuple[Transfer, ...]:
        """Every transfer debiting or crediting the account, in booking order."""
        ...

    async def sweep_lapsed_grants(self) -> tuple[Transfer, ...]:
        """Book every lapsed grant's unspent remainder back to its source; safe to repeat."""
        ...
