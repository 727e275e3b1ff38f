"""``TortoiseLedger``: the ledger port on the Tortoise database (SQLite or PostgreSQL)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from adapters.tortoise.database import Database
from adapters.tortoise.ledger.book import (
    TRANSFER_COLUMNS,
    Book,
    LedgerStateChanged,
    transfer_from_row,
)
from adapters.tortoise.ledger.sql import Session, in_transaction
from adapters.tortoise.models.ledger import KEY_LENGTH
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.money import Money
from sleeplab_core.ledger import (
    RESERVED_KEY_PREFIX,
    Account,
    AccountConflict,
    AccountNotFound,
    AlreadyReversed,
    Balance,
    Hold,
    HoldAlreadyResolved,
    HoldExpired,
    HoldNotFound,
    HoldState,
    IdempotencyConflict,
    InvalidTransfer,
    Leg,
    PostExceedsHold,
    Transfer,
    TransferNotFound,
    split_draw,
)
from sleeplab_core.ledger.grants import BucketId
from sleeplab_core.ledger.validation import (
    check_key,
    check_leg,
    check_legs,
    check_moment,
    check_owner,
    check_post_amount,
)

LAPSE_REASON = "grant_lapsed"
MAX_AMOUNT = 2**63 - 1  # BIGINT
# Before any real moment: checks a request's shape without its time rules, which are checked
# only once the request is known not to be a replay (a replay may come after a lapse).
_EARLIEST = datetime.min.replace(tzinfo=UTC)

HOLD_COLUMNS = (
    '"key", source_account_id, destination_account_id, source, destination, unit, amount, '
    "reason, created_at, expires_at, state, posted_amount, resolved_at, draw"
)


class TortoiseLedger:
    """A :class:`~sleeplab_core.ledger.ports.Ledger` in the database's ``ledger_*`` tables.

    Every call is one database transaction — or, inside an open unit of work of the same
    database, a savepoint in its transaction (committed or rolled back with it). The
    database decides every race: an idempotency key is claimed by inserting it (``ON
    CONFLICT DO NOTHING``), a reversal by a unique column, a balance changes by an update
    conditional on the no-overdraft rule, a hold resolves by an update conditional on its
    pending state. On PostgreSQL the accounts an
    operation touches are locked in id order first; a transaction that PostgreSQL aborts for
    a deadlock is run again. Time comes from ``clock``.

    Args:
        database: an open, migrated database (``open_database``).
        clock: the ledger's clock (holds expire and grants lapse by it).
    """

    def __init__(self, database: Database, clock: Clock) -> None:
        self._database = database
        self._clock = clock

    # accounts ---------------------------------------------------------------------------

    async def open_account(self, owner: str, unit: str, *, allow_negative: bool = False) -> Account:
        check_owner(owner)
        Money.zero(unit)  # validates the unit code

        async def work(s: Session) -> Account:
            await s.execute(
                "INSERT INTO ledger_accounts (owner, unit, allow_negative, posted, held, "
                "granted, opened_at) VALUES (?, ?, ?, 0, 0, 0, ?) ON CONFLICT DO NOTHING",
                owner, unit, allow_negative, s.time(self._clock.now()),
            )  # fmt: skip
            account = await _account(s, owner, unit)
            if account.allow_negative != allow_negative:
                raise AccountConflict(owner, unit, account.allow_negative)
            return account

        return await in_transaction(self._database, work)

    async def get_account(self, owner: str, unit: str) -> Account:
        return await in_transaction(self._database, lambda s: _account(s, owner, unit))

    async def balance(self, owner: str, unit: str) -> Balance:
        async def work(s: Session) -> Balance:
            now = self._clock.now()
            await _settle(s, now)
            rows = await s.rows(
                "SELECT id, posted, held FROM ledger_accounts WHERE owner = ? AND unit = ?",
                owner, unit,
            )  # fmt: skip
            if not rows:
                raise AccountNotFound(owner, unit)
            (lapsed,) = await s.rows(
                "SELECT COALESCE(SUM(remaining), 0) AS lapsed FROM ledger_grants "
                "WHERE account_id = ? AND lapses_at <= ? AND remaining > 0",
                rows[0]["id"], s.time(now),
            )  # fmt: skip
            return Balance(owner, unit, rows[0]["posted"], rows[0]["held"], int(lapsed["lapsed"]))

        return await in_transaction(self._database, work)

    # transfers --------------------------------------------------------------------------

    async def transfer(self, key: str, leg: Leg) -> Transfer:
        (booked,) = await self.transfer_linked(key, [leg])
        return booked

    async def transfer_linked(self, key: str, legs: Sequence[Leg]) -> tuple[Transfer, ...]:
        check_key(key)
        request = check_legs(tuple(legs), _EARLIEST)
        for leg in request:
            _check_storable(leg.amount.amount)
        fingerprint = _fingerprint([_leg_fields(leg) for leg in request])

        async def work(s: Session) -> tuple[Transfer, ...]:
            now = self._clock.now()
            if not await _claim(s, key, "transfer", fingerprint, now):
                await _require_replay(s, key, "transfer", fingerprint)
                return await _transfers(s, key)
            check_legs(request, now)
            await _settle(s, now)
            book = await Book.lock(s, now, refs=_refs(request))
            booked = tuple(book.book_leg(key, index, leg) for index, leg in enumerate(request))
            await book.flush(s)
            return booked

        return await in_transaction(self._database, work)

    async def reverse(
        self, key: str, original_key: str, *, reason: str = "reversal"
    ) -> tuple[Transfer, ...]:
        check_key(key)
        if not isinstance(original_key, str) or len(original_key) > KEY_LENGTH:
            raise TransferNotFound(original_key)  # no key of this shape is ever stored
        fingerprint = _fingerprint([original_key, reason])

        async def work(s: Session) -> tuple[Transfer, ...]:
            now = self._clock.now()
            if not await _claim(s, key, "reverse", fingerprint, now, reverses=original_key):
                if await _require_replay(s, key, "reverse", fingerprint):
                    return await _transfers(s, key)
                (first,) = await s.rows(
                    'SELECT "key" FROM ledger_operations WHERE reverses = ?', original_key
                )
                raise AlreadyReversed(original_key, first["key"])
            original = await _transfers(s, original_key)
            mirrors = check_legs([_mirror(t, reason) for t in original], now)
            await _settle(s, now)
            book = await Book.lock(s, now, refs=_refs(mirrors))
            booked = tuple(
                book.book_leg(key, index, leg, reverses=original[index])
                for index, leg in enumerate(mirrors)
            )
            await book.flush(s)
            return booked

        return await in_transaction(self._database, work)

    async def transfers(self, key: str) -> tuple[Transfer, ...]:
        return await in_transaction(self._database, lambda s: _transfers(s, key))

    async def history(self, owner: str, unit: str) -> tuple[Transfer, ...]:
        async def work(s: Session) -> tuple[Transfer, ...]:
            account_id = (await _account_row(s, owner, unit))["id"]
            rows = await s.rows(
                f"SELECT {TRANSFER_COLUMNS} FROM ledger_transfers "
                "WHERE source_account_id = ? OR destination_account_id = ? ORDER BY id",
                account_id, account_id,
            )  # fmt: skip
            return tuple(transfer_from_row(row) for row in rows)

        return await in_transaction(self._database, work)

    # holds ------------------------------------------------------------------------------

    async def reserve(self, key: str, leg: Leg, *, expires_at: datetime | None = None) -> Hold:
        check_key(key)
        check_leg(leg, _EARLIEST)
        _check_storable(leg.amount.amount)
        check_moment(expires_at, _EARLIEST, field="expires_at")
        fingerprint = _fingerprint([_leg_fields(leg), _moment(expires_at)])

        async def work(s: Session) -> Hold:
            now = self._clock.now()
            if not await _claim(s, key, "reserve", fingerprint, now):
                await _require_replay(s, key, "reserve", fingerprint)
                await _settle(s, now)
                return await _hold(s, key)
            check_leg(leg, now)
            if leg.lapses_at is not None:
                raise InvalidTransfer("a hold cannot carry a grant's lapse", field="lapses_at")
            check_moment(expires_at, now, field="expires_at")
            await _settle(s, now)
            return await _reserve(s, key, leg, expires_at, now)

        return await in_transaction(self._database, work)

    async def post(self, key: str, hold_key: str, amount: int | None = None) -> Transfer:
        check_key(key)
        check_post_amount(amount)
        fingerprint = _fingerprint([hold_key, amount])

        async def work(s: Session) -> Transfer:
            now = self._clock.now()
            if not await _claim(s, key, "post", fingerprint, now):
                await _require_replay(s, key, "post", fingerprint)
                (booked,) = await _transfers(s, key)
                return booked
            await _settle(s, now)
            row = await _pending_hold(s, hold_key)
            posted = row["amount"] if amount is None else amount
            if posted > row["amount"]:
                raise PostExceedsHold(hold_key, row["amount"], posted)
            await _resolve(s, hold_key, HoldState.POSTED, now, posted)
            return await _post(s, key, hold_key, row, posted, now)

        return await in_transaction(self._database, work)

    async def void(self, key: str, hold_key: str) -> Hold:
        check_key(key)
        fingerprint = _fingerprint([hold_key])

        async def work(s: Session) -> Hold:
            now = self._clock.now()
            if not await _claim(s, key, "void", fingerprint, now):
                await _require_replay(s, key, "void", fingerprint)
                await _settle(s, now)
                return await _hold(s, hold_key)
            await _settle(s, now)
            row = await _pending_hold(s, hold_key)
            await _resolve(s, hold_key, HoldState.VOIDED, now, 0)
            await _release(s, [row], now)
            return await _hold(s, hold_key)

        return await in_transaction(self._database, work)

    async def get_hold(self, hold_key: str) -> Hold:
        async def work(s: Session) -> Hold:
            await _settle(s, self._clock.now())
            return await _hold(s, hold_key)

        return await in_transaction(self._database, work)

    # grants -----------------------------------------------------------------------------

    async def sweep_lapsed_grants(self) -> tuple[Transfer, ...]:
        async def work(s: Session) -> tuple[Transfer, ...]:
            now = self._clock.now()
            await _settle(s, now)
            return await _sweep(s, now)

        return await in_transaction(self._database, work)


# idempotency ----------------------------------------------------------------------------


async def _claim(
    s: Session, key: str, kind: str, fingerprint: str, now: datetime, *, reverses: str | None = None
) -> bool:
    """Claim ``key`` for this operation; False when the key (or the reversal) is taken.

    A concurrent claim of the same key waits for the other transaction: it wins if that one
    rolls back (a refused request does not keep its key) and loses if it commits.
    """
    rows = await s.rows(
        'INSERT INTO ledger_operations ("key", kind, request, reverses, created_at) '
        'VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING "key"',
        key, kind, fingerprint, reverses, s.time(now),
    )  # fmt: skip
    return bool(rows)


async def _require_replay(s: Session, key: str, kind: str, fingerprint: str) -> bool:
    """True when ``key`` was used for this very request; False when it is unused.

    Raises:
        IdempotencyConflict: the key was used for another operation or other fields.
    """
    rows = await s.rows(
        'SELECT kind, request FROM ledger_operations WHERE "key" = ?', key
    )  # fmt: skip
    if not rows:
        return False
    if rows[0]["kind"] != kind:
        raise IdempotencyConflict(key, f"it was first used to {rows[0]['kind']}")
    if rows[0]["request"] != fingerprint:
        raise IdempotencyConflict(key, f"the first {kind} had other fields")
    return True


def _check_storable(amount: int) -> None:
    if amount > MAX_AMOUNT:
        raise InvalidTransfer(f"at most {MAX_AMOUNT} (a 64-bit integer)", field="amount")


def _fingerprint(request: list[Any]) -> str:
    return json.dumps(request, separators=(",", ":"), ensure_ascii=False)


def _leg_fields(leg: Leg) -> list[Any]:
    source, destination, amount, reason = leg.source, leg.destination, leg.amount, leg.reason
    return [source, destination, amount.amount, amount.unit, reason, _moment(leg.lapses_at)]


def _moment(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat(timespec="microseconds")


# accounts and transfers -----------------------------------------------------------------


async def _account_row(s: Session, owner: str, unit: str) -> dict[str, Any]:
    rows = await s.rows(
        "SELECT id, owner, unit, allow_negative, opened_at FROM ledger_accounts "
        "WHERE owner = ? AND unit = ?",
        owner, unit,
    )  # fmt: skip
    if not rows:
        raise AccountNotFound(owner, unit)
    return rows[0]


async def _account(s: Session, owner: str, unit: str) -> Account:
    row = await _account_row(s, owner, unit)
    return Account(owner, unit, bool(row["allow_negative"]), s.read_time(row["opened_at"]))


async def _transfers(s: Session, key: str) -> tuple[Transfer, ...]:
    rows = await s.rows(
        f'SELECT {TRANSFER_COLUMNS} FROM ledger_transfers WHERE "key" = ? ORDER BY leg', key
    )
    if not rows:
        raise TransferNotFound(key)
    return tuple(transfer_from_row(row) for row in rows)


def _refs(legs: Sequence[Leg]) -> set[tuple[str, str]]:
    return {(leg.source, leg.unit) for leg in legs} | {(leg.destination, leg.unit) for leg in legs}


def _mirror(transfer: Transfer, reason: str) -> Leg:
    return Leg(transfer.destination, transfer.source, transfer.amount, reason)


# holds ----------------------------------------------------------------------------------


async def _reserve(
    s: Session, key: str, leg: Leg, expires_at: datetime | None, now: datetime
) -> Hold:
    book = await Book.lock(s, now, refs=_refs([leg]))
    source = book.account(leg.source, leg.unit)
    destination = book.account(leg.destination, leg.unit)
    book.require(source, leg.amount.amount)
    draw = book.draw(source, leg.amount.amount)
    source.held += leg.amount.amount
    await book.flush(s)
    stored_draw = [[book.grants[bucket_id].id, taken] for bucket_id, taken in draw.items()]
    await s.execute(
        f"INSERT INTO ledger_holds ({HOLD_COLUMNS}) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        key, source.id, destination.id, leg.source, leg.destination, leg.unit,
        leg.amount.amount, leg.reason, s.time(now), s.time(expires_at),
        HoldState.PENDING.value, 0, None, json.dumps(stored_draw),
    )  # fmt: skip
    return Hold(key, leg.source, leg.destination, leg.amount, leg.reason, now, expires_at)


async def _hold_row(s: Session, hold_key: str, *, lock: bool = False) -> dict[str, Any]:
    rows = await s.rows(
        f'SELECT {HOLD_COLUMNS} FROM ledger_holds WHERE "key" = ?{s.for_update if lock else ""}',
        hold_key,
    )
    if not rows:
        raise HoldNotFound(hold_key)
    return rows[0]


async def _hold(s: Session, hold_key: str) -> Hold:
    row = await _hold_row(s, hold_key)
    return Hold(
        row["key"], row["source"], row["destination"], Money(row["amount"], row["unit"]),
        row["reason"], s.read_time(row["created_at"]), s.read_optional_time(row["expires_at"]),
        HoldState(row["state"]), row["posted_amount"], s.read_optional_time(row["resolved_at"]),
    )  # fmt: skip


async def _pending_hold(s: Session, hold_key: str) -> dict[str, Any]:
    """The hold's row, locked; raises unless it is still pending (expired ones were settled)."""
    row = await _hold_row(s, hold_key, lock=True)
    state = HoldState(row["state"])
    if state is HoldState.EXPIRED:
        raise HoldExpired(hold_key)
    if state is not HoldState.PENDING:
        raise HoldAlreadyResolved(hold_key, state)
    return row


async def _resolve(
    s: Session, hold_key: str, state: HoldState, moment: datetime, posted: int
) -> None:
    """Leave the pending state, which a hold does once: the update is conditional on it."""
    changed = await s.execute(
        "UPDATE ledger_holds SET state = ?, posted_amount = ?, resolved_at = ? "
        'WHERE "key" = ? AND state = ?',
        state.value, posted, s.time(moment), hold_key, HoldState.PENDING.value,
    )  # fmt: skip
    if not changed:
        raise LedgerStateChanged(f"hold {hold_key!r} changed while it was locked")


async def _post(
    s: Session, key: str, hold_key: str, row: dict[str, Any], posted: int, now: datetime
) -> Transfer:
    draw_ids = _stored_draw(row)
    book = await Book.lock(
        s, now, ids=[row["source_account_id"], row["destination_account_id"]], grant_ids=draw_ids
    )
    _, returned = split_draw(_bucket_draw(book, draw_ids), posted)
    book.give_back(returned)
    source = book.by_id[row["source_account_id"]]
    source.posted -= posted
    source.held -= row["amount"]
    book.by_id[row["destination_account_id"]].posted += posted
    booked = Transfer(
        key, 0, row["source"], row["destination"], Money(posted, row["unit"]), row["reason"],
        now, hold_key=hold_key,
    )  # fmt: skip
    book.record(booked)
    await book.flush(s)
    return booked


async def _release(s: Session, rows: list[dict[str, Any]], now: datetime) -> None:
    """Give resolved holds back to their sources: the held amount and the grants drawn."""
    draws = {row["key"]: _stored_draw(row) for row in rows}
    book = await Book.lock(
        s,
        now,
        ids=[row["source_account_id"] for row in rows],
        grant_ids=[grant_id for draw in draws.values() for grant_id in draw],
    )
    for row in rows:
        book.give_back(_bucket_draw(book, draws[row["key"]]))
        book.by_id[row["source_account_id"]].held -= row["amount"]
    await book.flush(s)


async def _settle(s: Session, now: datetime) -> None:
    """Expire the holds whose time ran out (each exactly once) and release them."""
    expired = await s.rows(
        "UPDATE ledger_holds SET state = ?, resolved_at = expires_at "
        f"WHERE state = ? AND expires_at <= ? RETURNING {HOLD_COLUMNS}",
        HoldState.EXPIRED.value, HoldState.PENDING.value, s.time(now),
    )  # fmt: skip
    if expired:
        await _release(s, expired, now)


def _stored_draw(row: dict[str, Any]) -> dict[int, int]:
    return {int(grant_id): int(taken) for grant_id, taken in json.loads(row["draw"])}


def _bucket_draw(book: Book, draw: dict[int, int]) -> dict[BucketId, int]:
    return {book.grants_by_id[grant_id].bucket_id: taken for grant_id, taken in draw.items()}


# grants ---------------------------------------------------------------------------------


async def _sweep(s: Session, now: datetime) -> tuple[Transfer, ...]:
    due = await s.rows(
        "SELECT id, account_id, source_account_id FROM ledger_grants "
        "WHERE lapses_at <= ? AND remaining > 0 ORDER BY id",
        s.time(now),
    )
    if not due:
        return ()
    book = await Book.lock(
        s,
        now,
        ids=[r["account_id"] for r in due] + [r["source_account_id"] for r in due],
        grant_ids=[r["id"] for r in due],
    )
    # Read again under the accounts' locks: another sweep may have returned some meanwhile.
    lapsed = sorted(
        (g for g in book.grants.values() if g.is_lapsed(now) and g.remaining > 0),
        key=lambda g: g.id or 0,
    )
    swept: list[Transfer] = []
    for grant in lapsed:
        key = f"{RESERVED_KEY_PREFIX}lapse:{grant.key}:{grant.leg}"
        if grant.sweeps:  # credit given back to a lapsed grant (a voided hold) is swept again
            key += f"#{grant.sweeps + 1}"
        if not await _claim(s, key, "sweep", _fingerprint([grant.key, grant.leg]), now):
            raise LedgerStateChanged(f"sweep key {key!r} is taken")
        book.by_id[grant.account_id].posted -= grant.remaining
        book.by_id[grant.source_account_id].posted += grant.remaining
        amount = Money(grant.remaining, grant.unit)
        grant.remaining, grant.sweeps = 0, grant.sweeps + 1
        booked = Transfer(key, 0, grant.owner, grant.source, amount, LAPSE_REASON, now)
        swept.append(book.record(booked))
    await book.flush(s)
    return tuple(swept)
