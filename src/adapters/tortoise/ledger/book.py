"""The rows one ledger operation changes: locked, changed in memory, written back once.

An operation first locks every account it touches (``SELECT ... FOR UPDATE`` in id order on
PostgreSQL, so two multi-leg transfers never wait for each other in a cycle; SQLite runs one
write transaction at a time) and reads their grants. Every grant of an account changes only
under that account's lock, so the figures read are the current ones. The operation then
applies the core's rules (``sleeplab_core.ledger.grants``) to these rows and :meth:`Book.flush`
writes the changes as conditional updates: an account's update carries the no-overdraft
condition, a grant's the remaining it was read with.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import attrs

from adapters.tortoise.ledger.sql import Session
from sleeplab_core.kernel.money import Money
from sleeplab_core.ledger import (
    AccountNotFound,
    GrantBucket,
    InsufficientFunds,
    Leg,
    Transfer,
    plan_draw,
)
from sleeplab_core.ledger.grants import BucketId

ACCOUNT_COLUMNS = "id, owner, unit, allow_negative, posted, held, granted"
GRANT_COLUMNS = (
    'id, "key", leg, account_id, source_account_id, owner, source, unit, lapses_at, '
    "remaining, sweeps"
)


class LedgerStateChanged(RuntimeError):
    """A conditional update found a row other than the one read under lock (a bug)."""


@attrs.define
class AccountRow:
    id: int
    owner: str
    unit: str
    allow_negative: bool
    posted: int
    held: int
    granted: int  # the unspent rest of its grants, as read
    read_posted: int
    read_held: int


@attrs.define
class GrantRow:
    id: int | None  # None until inserted
    key: str
    leg: int
    account_id: int
    source_account_id: int
    owner: str
    source: str
    unit: str
    lapses_at: datetime
    remaining: int
    sweeps: int
    read_remaining: int
    read_sweeps: int

    @property
    def bucket_id(self) -> BucketId:
        return (self.key, self.leg)

    def bucket(self) -> GrantBucket:
        return GrantBucket(
            self.bucket_id, self.owner, self.unit, self.source, self.lapses_at, self.remaining
        )

    def is_lapsed(self, now: datetime) -> bool:
        return self.lapses_at <= now


class Book:
    """Locked accounts and their grants for one operation at ``now``."""

    def __init__(self, now: datetime, accounts: Iterable[AccountRow]) -> None:
        self.now = now
        self.accounts = {(a.owner, a.unit): a for a in accounts}
        self.by_id = {a.id: a for a in self.accounts.values()}
        self.grants: dict[BucketId, GrantRow] = {}
        self.grants_by_id: dict[int, GrantRow] = {}
        self.transfers: list[tuple[Transfer, int, int]] = []  # with source/destination ids

    # reading -------------------------------------------------------------------------------

    @classmethod
    async def lock(
        cls,
        session: Session,
        now: datetime,
        *,
        refs: Iterable[tuple[str, str]] = (),
        ids: Iterable[int] = (),
        grant_ids: Iterable[int] = (),
    ) -> Book:
        """Lock the accounts named by ``refs`` and ``ids``; read their grants and ``grant_ids``."""
        conditions: list[str] = []
        params: list[Any] = []
        for owner, unit in sorted(set(refs)):
            conditions.append("(owner = ? AND unit = ?)")
            params += [owner, unit]
        id_list = sorted(set(ids))
        if id_list:
            conditions.append(f"id IN ({_marks(id_list)})")
            params += id_list
        if not conditions:
            return cls(now, ())
        rows = await session.rows(
            f"SELECT {ACCOUNT_COLUMNS} FROM ledger_accounts WHERE {' OR '.join(conditions)} "
            f"ORDER BY id{session.for_update}",
            *params,
        )
        book = cls(now, (_account(row) for row in rows))
        await book._read_grants(session, sorted(set(grant_ids)))
        return book

    async def _read_grants(self, session: Session, grant_ids: list[int]) -> None:
        account_ids = sorted(a.id for a in self.by_id.values() if a.granted)
        if not account_ids and not grant_ids:
            return  # the common case: no grant is involved
        where = f"(account_id IN ({_marks(account_ids)}) AND remaining > 0)"
        if grant_ids:
            where += f" OR id IN ({_marks(grant_ids)})"
        rows = await session.rows(
            f"SELECT {GRANT_COLUMNS} FROM ledger_grants WHERE {where} ORDER BY id",
            *account_ids,
            *grant_ids,
        )
        for row in rows:
            self._add_grant(_grant(row, session))

    def account(self, owner: str, unit: str) -> AccountRow:
        account = self.accounts.get((owner, unit))
        if account is None:
            raise AccountNotFound(owner, unit)
        return account

    def grants_of(self, account: AccountRow) -> list[GrantRow]:
        return [g for g in self.grants.values() if g.account_id == account.id]

    def lapsed(self, account: AccountRow) -> int:
        return sum(g.remaining for g in self.grants_of(account) if g.is_lapsed(self.now))

    def available(self, account: AccountRow) -> int:
        return account.posted - account.held - self.lapsed(account)

    # changing ------------------------------------------------------------------------------

    def require(self, account: AccountRow, amount: int) -> None:
        """Raises InsufficientFunds unless ``account`` may spend ``amount`` now."""
        if account.allow_negative:
            return
        available = self.available(account)
        if amount > available:
            raise InsufficientFunds(account.owner, account.unit, available, amount)

    def draw(self, account: AccountRow, amount: int) -> dict[BucketId, int]:
        """Take ``amount`` from the account's live grants, soonest lapse first."""
        plan = plan_draw((g.bucket() for g in self.grants_of(account)), amount, self.now)
        self.take(plan)
        return plan

    def take(self, draw: dict[BucketId, int]) -> None:
        for bucket_id, taken in draw.items():
            self.grants[bucket_id].remaining -= taken

    def give_back(self, draw: dict[BucketId, int]) -> None:
        for bucket_id, taken in draw.items():
            self.grants[bucket_id].remaining += taken

    def debit(self, account: AccountRow, amount: int, own_grant: BucketId | None = None) -> None:
        """Take ``amount`` off ``account``: a reversed grant's own remainder first (even after
        its lapse), then live grants soonest lapse first, then the account's own money."""
        first: dict[BucketId, int] = {}
        own = self.grants.get(own_grant) if own_grant else None
        if own is not None and own.remaining:
            first[own.bucket_id] = min(own.remaining, amount)
        lapsed_own = first.get(own.bucket_id, 0) if own and own.is_lapsed(self.now) else 0
        self.require(account, amount - lapsed_own)
        self.take(first)
        self.draw(account, amount - sum(first.values()))
        account.posted -= amount

    def book_leg(
        self, key: str, index: int, leg: Leg, *, reverses: Transfer | None = None
    ) -> Transfer:
        """Debit the source, credit the destination and record the transfer (and its grant)."""
        source = self.account(leg.source, leg.unit)
        destination = self.account(leg.destination, leg.unit)
        own_grant = (reverses.key, reverses.leg) if reverses else None
        self.debit(source, leg.amount.amount, own_grant)
        destination.posted += leg.amount.amount
        if leg.lapses_at is not None:
            grant = GrantRow(
                id=None,
                key=key,
                leg=index,
                account_id=destination.id,
                source_account_id=source.id,
                owner=destination.owner,
                source=source.owner,
                unit=leg.unit,
                lapses_at=leg.lapses_at,
                remaining=leg.amount.amount,
                sweeps=0,
                read_remaining=0,
                read_sweeps=0,
            )
            self._add_grant(grant)
        booked = Transfer(
            key, index, leg.source, leg.destination, leg.amount, leg.reason, self.now,
            lapses_at=leg.lapses_at, reverses=reverses.key if reverses else None,
        )  # fmt: skip
        return self.record(booked)

    def record(self, booked: Transfer) -> Transfer:
        source = self.account(booked.source, booked.amount.unit)
        destination = self.account(booked.destination, booked.amount.unit)
        self.transfers.append((booked, source.id, destination.id))
        return booked

    def _add_grant(self, grant: GrantRow) -> None:
        self.grants[grant.bucket_id] = grant
        if grant.id is not None:
            self.grants_by_id[grant.id] = grant

    # writing -------------------------------------------------------------------------------

    async def flush(self, session: Session) -> None:
        """Write every change: accounts (conditionally), grants, then the new transfers."""
        await self._write_accounts(session)
        for grant in self.grants.values():
            await self._write_grant(session, grant)
        if self.transfers:
            await _insert_transfers(session, self.transfers)

    async def _write_accounts(self, session: Session) -> None:
        granted = dict.fromkeys(self.by_id, 0)
        for grant in self.grants.values():
            granted[grant.account_id] += grant.remaining - grant.read_remaining
        changes = [
            (a, a.posted - a.read_posted, a.held - a.read_held, granted[a.id])
            for a in sorted(self.by_id.values(), key=lambda a: a.id)
        ]
        changes = [change for change in changes if any(change[1:])]
        if not changes:
            return
        params: list[Any] = []
        for account, posted, held, grants in changes:
            params += [account.id, posted, held, grants, self.lapsed(account)]
        values = ", ".join(["(" + ", ".join(["CAST(? AS BIGINT)"] * 5) + ")"] * len(changes))
        # One statement for every account; the no-overdraft rule is decided by the database on
        # each row as it is now, and a row that breaks it is left out of RETURNING.
        updated = await session.rows(
            f"WITH d (account_id, posted, held, granted, lapsed) AS (VALUES {values}) "
            "UPDATE ledger_accounts SET posted = ledger_accounts.posted + d.posted, "
            "held = ledger_accounts.held + d.held, granted = ledger_accounts.granted + d.granted "
            "FROM d WHERE ledger_accounts.id = d.account_id AND (ledger_accounts.allow_negative "
            "OR ledger_accounts.posted + d.posted - ledger_accounts.held - d.held - d.lapsed >= 0)"
            " RETURNING id",
            *params,
        )
        if len(updated) != len(changes):
            done = {row["id"] for row in updated}
            account, posted, held, _ = next(c for c in changes if c[0].id not in done)
            lapsed = self.lapsed(account)
            available = account.read_posted - account.read_held - lapsed
            raise InsufficientFunds(account.owner, account.unit, available, held - posted)

    async def _write_grant(self, session: Session, grant: GrantRow) -> None:
        if grant.id is None:
            await session.execute(
                'INSERT INTO ledger_grants ("key", leg, account_id, source_account_id, owner, '
                "source, unit, lapses_at, remaining, sweeps) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                grant.key, grant.leg, grant.account_id, grant.source_account_id, grant.owner,
                grant.source, grant.unit, session.time(grant.lapses_at), grant.remaining,
                grant.sweeps,
            )  # fmt: skip
            return
        if (grant.remaining, grant.sweeps) == (grant.read_remaining, grant.read_sweeps):
            return
        changed = await session.execute(
            "UPDATE ledger_grants SET remaining = ?, sweeps = ? "
            "WHERE id = ? AND remaining = ? AND sweeps = ?",
            grant.remaining, grant.sweeps, grant.id, grant.read_remaining, grant.read_sweeps,
        )  # fmt: skip
        if not changed:
            raise LedgerStateChanged(
                f"grant {grant.bucket_id} changed while its account was locked"
            )


async def _insert_transfers(session: Session, transfers: list[tuple[Transfer, int, int]]) -> None:
    params: list[Any] = []
    for booked, source_id, destination_id in transfers:
        params += [
            booked.key, booked.leg, booked.amount.unit, source_id, destination_id, booked.source,
            booked.destination, booked.amount.amount, booked.reason,
            session.time(booked.booked_at), session.time(booked.lapses_at), booked.hold_key,
            booked.reverses,
        ]  # fmt: skip
    values = ", ".join(["(" + ", ".join(["?"] * 13) + ")"] * len(transfers))
    await session.execute(
        'INSERT INTO ledger_transfers ("key", leg, unit, source_account_id, '
        "destination_account_id, source, destination, amount, reason, booked_at, lapses_at, "
        f"hold_key, reverses) VALUES {values}",
        *params,
    )


TRANSFER_COLUMNS = (
    '"key", leg, unit, source, destination, amount, reason, booked_at, lapses_at, hold_key, '
    "reverses"
)


def transfer_from_row(row: dict[str, Any]) -> Transfer:
    return Transfer(
        row["key"], row["leg"], row["source"], row["destination"],
        Money(row["amount"], row["unit"]), row["reason"], Session.read_time(row["booked_at"]),
        lapses_at=Session.read_optional_time(row["lapses_at"]), hold_key=row["hold_key"],
        reverses=row["reverses"],
    )  # fmt: skip


def _account(row: dict[str, Any]) -> AccountRow:
    return AccountRow(
        row["id"], row["owner"], row["unit"], bool(row["allow_negative"]),
        row["posted"], row["held"], row["granted"], row["posted"], row["held"],
    )  # fmt: skip


def _grant(row: dict[str, Any], session: Session) -> GrantRow:
    return GrantRow(
        row["id"], row["key"], row["leg"], row["account_id"], row["source_account_id"],
        row["owner"], row["source"], row["unit"], session.read_time(row["lapses_at"]),
        row["remaining"], row["sweeps"], row["remaining"], row["sweeps"],
    )  # fmt: skip


def _marks(values: list[Any]) -> str:
    return ", ".join("?" for _ in values) or "NULL"
