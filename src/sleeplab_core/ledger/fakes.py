"""The in-memory ledger: the reference backend of the :class:`Ledger` port."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import attrs

from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.money import Money
from sleeplab_core.kernel.transactions import open_transaction
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
    PostExceedsHold,
    TransferNotFound,
)
from sleeplab_core.ledger.grants import BucketId, GrantBucket, lapsed_total, plan_draw, split_draw
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
from sleeplab_core.ledger.validation import (
    check_key,
    check_leg,
    check_legs,
    check_moment,
    check_owner,
    check_post_amount,
)

LAPSE_REASON = "grant_lapsed"


@attrs.frozen
class _Position:
    """An account's booked figures (a row of the accounts table in a database backend)."""

    account: Account
    posted: int = 0
    held: int = 0


@attrs.frozen
class _HoldRecord:
    hold: Hold
    draw: dict[BucketId, int]  # what the hold took from grant buckets, soonest lapse first


@attrs.frozen
class _Operation:
    """What a key was used for: the idempotency table's row."""

    kind: str
    request: object
    result: Callable[[], Any]


_MISSING = object()


class _Journal:
    """Undo log: lets a multi-leg write roll back every change when one leg fails."""

    def __init__(self) -> None:
        self._undo: list[tuple[dict[Any, Any], Any, Any]] = []

    def put(self, table: dict[Any, Any], key: Any, value: Any) -> None:
        self._undo.append((table, key, table.get(key, _MISSING)))
        table[key] = value

    def rollback(self) -> None:
        for table, key, old in reversed(self._undo):
            if old is _MISSING:
                del table[key]
            else:
                table[key] = old
        self._undo.clear()


class InMemoryLedger:
    """A :class:`~sleeplab_core.ledger.ports.Ledger` held in dictionaries.

    One ``asyncio.Lock`` serializes writes, which makes every operation atomic and
    linearizable within one event loop. Not shared between processes.
    """

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._lock = asyncio.Lock()
        self._positions: dict[AccountRef, _Position] = {}
        self._buckets: dict[BucketId, GrantBucket] = {}
        self._buckets_by_account: dict[AccountRef, tuple[BucketId, ...]] = {}
        self._pending_holds: dict[str, datetime] = {}  # key -> expiry, for holds that expire
        self._holds: dict[str, _HoldRecord] = {}
        self._operations: dict[str, _Operation] = {}
        self._groups: dict[str, tuple[Transfer, ...]] = {}
        self._history: list[Transfer] = []
        self._reversed_by: dict[str, str] = {}

    # transactions -----------------------------------------------------------------------

    _STATE = (
        "_positions",
        "_buckets",
        "_buckets_by_account",
        "_pending_holds",
        "_holds",
        "_operations",
        "_groups",
        "_history",
        "_reversed_by",
    )

    def _join(self) -> None:
        """A write inside an open unit of work joins it, as the SQL ledgers' writes join the
        database transaction: rolled back with it, the ledger is as it was before the
        unit of work's first write (so the fake is for one writer at a time, as tests are)."""
        transaction = open_transaction()
        if transaction is not None:
            transaction.join(self, self._restorer())

    def _restorer(self) -> Callable[[], None]:
        saved = {name: copy.deepcopy(getattr(self, name)) for name in self._STATE}

        def restore() -> None:
            for name, value in saved.items():
                setattr(self, name, value)

        return restore

    # accounts ---------------------------------------------------------------------------

    async def open_account(self, owner: str, unit: str, *, allow_negative: bool = False) -> Account:
        check_owner(owner)
        Money.zero(unit)  # validates the unit code
        async with self._lock:
            self._join()
            ref = AccountRef(owner, unit)
            existing = self._positions.get(ref)
            if existing is None:
                account = Account(owner, unit, allow_negative, self._clock.now())
                self._positions[ref] = _Position(account)
                return account
            if existing.account.allow_negative != allow_negative:
                raise AccountConflict(owner, unit, existing.account.allow_negative)
            return existing.account

    async def get_account(self, owner: str, unit: str) -> Account:
        return self._position(AccountRef(owner, unit)).account

    async def balance(self, owner: str, unit: str) -> Balance:
        async with self._lock:
            now = self._settle()
            position = self._position(AccountRef(owner, unit))
            lapsed = lapsed_total(self._buckets_of(position.account.ref), now)
            return Balance(owner, unit, position.posted, position.held, lapsed)

    # transfers --------------------------------------------------------------------------

    async def transfer(self, key: str, leg: Leg) -> Transfer:
        (booked,) = await self.transfer_linked(key, [leg])
        return booked

    async def transfer_linked(self, key: str, legs: Sequence[Leg]) -> tuple[Transfer, ...]:
        check_key(key)
        request = tuple(legs)
        async with self._lock:
            self._join()
            now = self._settle()
            replay = self._replay(key, "transfer", request)
            if replay is not _MISSING:
                return replay  # type: ignore[return-value]
            check_legs(request, now)
            await _yield_point()
            booked = self._book_group(key, request, now)
            self._remember(key, "transfer", request, lambda: booked)
            return booked

    async def reverse(
        self, key: str, original_key: str, *, reason: str = "reversal"
    ) -> tuple[Transfer, ...]:
        check_key(key)
        request = (original_key, reason)
        async with self._lock:
            self._join()
            now = self._settle()
            replay = self._replay(key, "reverse", request)
            if replay is not _MISSING:
                return replay  # type: ignore[return-value]
            original = self._groups.get(original_key)
            if original is None:
                raise TransferNotFound(original_key)
            if original_key in self._reversed_by:
                raise AlreadyReversed(original_key, self._reversed_by[original_key])
            mirrors = tuple(_mirror(t, reason) for t in original)
            check_legs(mirrors, now)
            await _yield_point()
            booked = self._book_group(key, mirrors, now, reverses=original)
            self._reversed_by[original_key] = key
            self._remember(key, "reverse", request, lambda: booked)
            return booked

    async def transfers(self, key: str) -> tuple[Transfer, ...]:
        group = self._groups.get(key)
        if group is None:
            raise TransferNotFound(key)
        return group

    async def history(self, owner: str, unit: str) -> tuple[Transfer, ...]:
        self._position(AccountRef(owner, unit))
        return tuple(
            t for t in self._history if t.amount.unit == unit and owner in (t.source, t.destination)
        )

    # holds ------------------------------------------------------------------------------

    async def reserve(self, key: str, leg: Leg, *, expires_at: datetime | None = None) -> Hold:
        check_key(key)
        request = (leg, expires_at)
        async with self._lock:
            self._join()
            now = self._settle()
            replay = self._replay(key, "reserve", request)
            if replay is not _MISSING:
                return replay  # type: ignore[return-value]
            check_leg(leg, now)
            if leg.lapses_at is not None:
                raise InvalidTransfer("a hold cannot carry a grant's lapse", field="lapses_at")
            check_moment(expires_at, now, field="expires_at")
            await _yield_point()
            source = self._position(AccountRef(leg.source, leg.unit))
            self._position(AccountRef(leg.destination, leg.unit))
            self._require_available(source, leg.amount.amount, now)
            draw = plan_draw(self._buckets_of(source.account.ref), leg.amount.amount, now)
            journal = _Journal()
            self._take_from_buckets(journal, draw)
            journal.put(self._positions, source.account.ref, _add(source, held=leg.amount.amount))
            hold = Hold(key, leg.source, leg.destination, leg.amount, leg.reason, now, expires_at)
            self._holds[key] = _HoldRecord(hold, draw)
            if expires_at is not None:
                self._pending_holds[key] = expires_at
            self._remember(key, "reserve", request, lambda: self._holds[key].hold)
            return hold

    async def post(self, key: str, hold_key: str, amount: int | None = None) -> Transfer:
        check_key(key)
        check_post_amount(amount)
        request = (hold_key, amount)
        async with self._lock:
            self._join()
            now = self._settle()
            replay = self._replay(key, "post", request)
            if replay is not _MISSING:
                return replay  # type: ignore[return-value]
            record = self._pending_hold(hold_key)
            hold = record.hold
            posted = hold.amount.amount if amount is None else amount
            if posted > hold.amount.amount:
                raise PostExceedsHold(hold_key, hold.amount.amount, posted)
            await _yield_point()
            _, returned = split_draw(record.draw, posted)
            journal = _Journal()
            self._return_to_buckets(journal, returned)
            source = self._position(AccountRef(hold.source, hold.amount.unit))
            journal.put(
                self._positions,
                source.account.ref,
                _add(source, posted=-posted, held=-hold.amount.amount),
            )
            self._credit(journal, AccountRef(hold.destination, hold.amount.unit), posted)
            booked = Transfer(
                key, 0, hold.source, hold.destination, Money(posted, hold.amount.unit),
                hold.reason, now, hold_key=hold_key,
            )  # fmt: skip
            self._resolve(hold_key, HoldState.POSTED, now, posted)
            self._groups[key] = (booked,)
            self._append((booked,))
            self._remember(key, "post", request, lambda: booked)
            return booked

    async def void(self, key: str, hold_key: str) -> Hold:
        check_key(key)
        async with self._lock:
            self._join()
            now = self._settle()
            replay = self._replay(key, "void", hold_key)
            if replay is not _MISSING:
                return replay  # type: ignore[return-value]
            self._pending_hold(hold_key)
            await _yield_point()
            self._release(hold_key, HoldState.VOIDED, now)
            self._remember(key, "void", hold_key, lambda: self._holds[hold_key].hold)
            return self._holds[hold_key].hold

    async def get_hold(self, hold_key: str) -> Hold:
        async with self._lock:
            self._settle()
            record = self._holds.get(hold_key)
            if record is None:
                raise HoldNotFound(hold_key)
            return record.hold

    # grants -----------------------------------------------------------------------------

    async def sweep_lapsed_grants(self) -> tuple[Transfer, ...]:
        async with self._lock:
            self._join()
            now = self._settle()
            lapsed = [b for b in self._buckets.values() if b.is_lapsed(now) and b.remaining]
            swept: list[Transfer] = []
            for bucket in lapsed:
                swept.append(self._sweep(bucket, now))
            return tuple(swept)

    def _sweep(self, bucket: GrantBucket, now: datetime) -> Transfer:
        key = f"{RESERVED_KEY_PREFIX}lapse:{bucket.id[0]}:{bucket.id[1]}"
        journal = _Journal()
        ref = AccountRef(bucket.owner, bucket.unit)
        journal.put(self._positions, ref, _add(self._positions[ref], posted=-bucket.remaining))
        self._credit(journal, AccountRef(bucket.source, bucket.unit), bucket.remaining)
        journal.put(self._buckets, bucket.id, attrs.evolve(bucket, remaining=0))
        booked = Transfer(
            key, 0, bucket.owner, bucket.source, Money(bucket.remaining, bucket.unit),
            LAPSE_REASON, now,
        )  # fmt: skip
        self._groups[key] = (booked,)
        self._append((booked,))
        return booked

    # internals --------------------------------------------------------------------------

    def _position(self, ref: AccountRef) -> _Position:
        position = self._positions.get(ref)
        if position is None:
            raise AccountNotFound(ref.owner, ref.unit)
        return position

    def _buckets_of(self, ref: AccountRef) -> list[GrantBucket]:
        return [self._buckets[i] for i in self._buckets_by_account.get(ref, ())]

    def _replay(self, key: str, kind: str, request: object) -> object:
        operation = self._operations.get(key)
        if operation is None:
            return _MISSING
        if operation.kind != kind:
            raise IdempotencyConflict(key, f"it was first used to {operation.kind}")
        if operation.request != request:
            raise IdempotencyConflict(key, f"the first {kind} had other fields")
        return operation.result()

    def _remember(self, key: str, kind: str, request: object, result: Callable[[], Any]) -> None:
        self._operations[key] = _Operation(kind, request, result)

    def _book_group(
        self,
        key: str,
        legs: tuple[Leg, ...],
        now: datetime,
        *,
        reverses: tuple[Transfer, ...] | None = None,
    ) -> tuple[Transfer, ...]:
        journal = _Journal()
        try:
            booked = tuple(
                self._book_leg(journal, key, index, leg, now, reverses[index] if reverses else None)
                for index, leg in enumerate(legs)
            )
        except BaseException:
            journal.rollback()
            raise
        self._groups[key] = booked
        self._append(booked)
        return booked

    def _book_leg(
        self,
        journal: _Journal,
        key: str,
        index: int,
        leg: Leg,
        now: datetime,
        reversed_leg: Transfer | None,
    ) -> Transfer:
        source = self._position(AccountRef(leg.source, leg.unit))
        destination_ref = AccountRef(leg.destination, leg.unit)
        self._position(destination_ref)
        own_grant = (
            self._buckets.get((reversed_leg.key, reversed_leg.leg)) if reversed_leg else None
        )
        self._debit(journal, source, leg.amount.amount, now, own_grant)
        self._credit(journal, destination_ref, leg.amount.amount)
        if leg.lapses_at is not None:
            bucket = GrantBucket(
                (key, index), leg.destination, leg.unit, leg.source, leg.lapses_at,
                leg.amount.amount,
            )  # fmt: skip
            journal.put(self._buckets, bucket.id, bucket)
            ids = self._buckets_by_account.get(destination_ref, ())
            journal.put(self._buckets_by_account, destination_ref, (*ids, bucket.id))
        return Transfer(
            key, index, leg.source, leg.destination, leg.amount, leg.reason, now,
            lapses_at=leg.lapses_at, reverses=reversed_leg.key if reversed_leg else None,
        )  # fmt: skip

    def _debit(
        self,
        journal: _Journal,
        source: _Position,
        amount: int,
        now: datetime,
        own_grant: GrantBucket | None,
    ) -> None:
        """Take ``amount`` off ``source``: a reversed grant's own remainder first, then live
        grants soonest lapse first, then the account's own money."""
        first: dict[BucketId, int] = {}
        if own_grant is not None and own_grant.remaining:
            first[own_grant.id] = min(own_grant.remaining, amount)
        # A reversal may take back its grant's remainder even after the lapse.
        lapsed_own = first.get(own_grant.id, 0) if own_grant and own_grant.is_lapsed(now) else 0
        self._require_available(source, amount - lapsed_own, now)
        self._take_from_buckets(journal, first)
        rest = amount - sum(first.values())
        self._take_from_buckets(journal, plan_draw(self._buckets_of(source.account.ref), rest, now))
        current = self._positions[source.account.ref]
        journal.put(self._positions, source.account.ref, _add(current, posted=-amount))

    def _credit(self, journal: _Journal, ref: AccountRef, amount: int) -> None:
        journal.put(self._positions, ref, _add(self._positions[ref], posted=amount))

    def _require_available(self, source: _Position, amount: int, now: datetime) -> None:
        if source.account.allow_negative:
            return
        current = self._positions[source.account.ref]
        lapsed = lapsed_total(self._buckets_of(source.account.ref), now)
        available = current.posted - current.held - lapsed
        if amount > available:
            raise InsufficientFunds(source.account.owner, source.account.unit, available, amount)

    def _take_from_buckets(self, journal: _Journal, draw: dict[BucketId, int]) -> None:
        for bucket_id, taken in draw.items():
            bucket = self._buckets[bucket_id]
            journal.put(
                self._buckets, bucket_id, attrs.evolve(bucket, remaining=bucket.remaining - taken)
            )

    def _return_to_buckets(self, journal: _Journal, draw: dict[BucketId, int]) -> None:
        for bucket_id, taken in draw.items():
            bucket = self._buckets[bucket_id]
            journal.put(
                self._buckets, bucket_id, attrs.evolve(bucket, remaining=bucket.remaining + taken)
            )

    def _pending_hold(self, hold_key: str) -> _HoldRecord:
        record = self._holds.get(hold_key)
        if record is None:
            raise HoldNotFound(hold_key)
        if record.hold.state is HoldState.EXPIRED:
            raise HoldExpired(hold_key)
        if record.hold.state is not HoldState.PENDING:
            raise HoldAlreadyResolved(hold_key, record.hold.state)
        return record

    def _release(self, hold_key: str, state: HoldState, now: datetime) -> None:
        """Give the whole hold back: to the source's available money and grant buckets."""
        record = self._holds[hold_key]
        hold = record.hold
        journal = _Journal()
        self._return_to_buckets(journal, record.draw)
        ref = AccountRef(hold.source, hold.amount.unit)
        journal.put(self._positions, ref, _add(self._positions[ref], held=-hold.amount.amount))
        self._resolve(hold_key, state, now, 0)

    def _resolve(self, hold_key: str, state: HoldState, now: datetime, posted: int) -> None:
        record = self._holds[hold_key]
        self._pending_holds.pop(hold_key, None)
        hold = attrs.evolve(record.hold, state=state, posted_amount=posted, resolved_at=now)
        self._holds[hold_key] = attrs.evolve(record, hold=hold)

    def _settle(self) -> datetime:
        """Expire holds whose time ran out, so they stop counting; returns now."""
        now = self._clock.now()
        due = [key for key, expiry in self._pending_holds.items() if expiry <= now]
        for hold_key in due:
            self._release(hold_key, HoldState.EXPIRED, self._pending_holds[hold_key])
        return now

    def _append(self, booked: tuple[Transfer, ...]) -> None:
        self._history.extend(booked)


def _add(position: _Position, *, posted: int = 0, held: int = 0) -> _Position:
    return attrs.evolve(position, posted=position.posted + posted, held=position.held + held)


def _mirror(transfer: Transfer, reason: str) -> Leg:
    return Leg(transfer.destination, transfer.source, transfer.amount, reason)


async def _yield_point() -> None:
    # A database backend awaits between reading and writing; yielding here too makes the
    # concurrency tests exercise the lock rather than the absence of awaits.
    await asyncio.sleep(0)
