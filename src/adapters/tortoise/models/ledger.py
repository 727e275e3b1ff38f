"""Tables of the ledger module (see docs/ledger.md, "SQL backend").

Amounts are BIGINT in the unit's smallest part. The ledger writes these tables with its own
SQL (``adapters.tortoise.ledger``): conditional updates and inserts that the constraints
below decide, never a read followed by a blind write.
"""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

KEY_LENGTH = 255  # callers' keys have at most 200 characters; sweep keys add a prefix
OWNER_LENGTH = 200
UNIT_LENGTH = 32
REASON_LENGTH = 100

__all__ = [
    "LedgerAccountRecord",
    "LedgerGrantRecord",
    "LedgerHoldRecord",
    "LedgerOperationRecord",
    "LedgerTransferRecord",
]


class LedgerAccountRecord(Model):
    """One account per (owner, unit); its figures change by conditional updates.

    ``granted`` is the unspent rest of the account's grants (live or lapsed), kept so that an
    account without grants needs no look at ``ledger_grants``.
    """

    id = fields.BigIntField(primary_key=True)
    owner = fields.CharField(max_length=OWNER_LENGTH)
    unit = fields.CharField(max_length=UNIT_LENGTH)
    allow_negative = fields.BooleanField()
    posted = fields.BigIntField()
    held = fields.BigIntField()
    granted = fields.BigIntField()
    opened_at = fields.DatetimeField()

    class Meta:
        table = "ledger_accounts"
        unique_together = (("owner", "unit"),)


class LedgerOperationRecord(Model):
    """A claimed idempotency key: inserting it is the replay check; one reversal per group."""

    key = fields.CharField(max_length=KEY_LENGTH, primary_key=True)
    kind = fields.CharField(max_length=16)
    request = fields.TextField()
    reverses = fields.CharField(max_length=KEY_LENGTH, null=True, unique=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "ledger_operations"


class LedgerTransferRecord(Model):
    """A booked leg, append-only; ``id`` is the booking order."""

    id = fields.BigIntField(primary_key=True)
    key = fields.CharField(max_length=KEY_LENGTH)
    leg = fields.IntField()
    unit = fields.CharField(max_length=UNIT_LENGTH)
    source_account_id = fields.BigIntField(db_index=True)
    destination_account_id = fields.BigIntField(db_index=True)
    source = fields.CharField(max_length=OWNER_LENGTH)
    destination = fields.CharField(max_length=OWNER_LENGTH)
    amount = fields.BigIntField()
    reason = fields.CharField(max_length=REASON_LENGTH)
    booked_at = fields.DatetimeField()
    lapses_at = fields.DatetimeField(null=True)
    hold_key = fields.CharField(max_length=KEY_LENGTH, null=True)
    reverses = fields.CharField(max_length=KEY_LENGTH, null=True)

    class Meta:
        table = "ledger_transfers"
        unique_together = (("key", "leg"),)


class LedgerHoldRecord(Model):
    """A hold; it leaves ``pending`` once, by an update conditional on that state.

    ``draw`` is JSON ``[[grant id, amount], ...]``: what the hold took from grants.
    """

    key = fields.CharField(max_length=KEY_LENGTH, primary_key=True)
    source_account_id = fields.BigIntField()
    destination_account_id = fields.BigIntField()
    source = fields.CharField(max_length=OWNER_LENGTH)
    destination = fields.CharField(max_length=OWNER_LENGTH)
    unit = fields.CharField(max_length=UNIT_LENGTH)
    amount = fields.BigIntField()
    reason = fields.CharField(max_length=REASON_LENGTH)
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField(null=True)
    state = fields.CharField(max_length=16)
    posted_amount = fields.BigIntField()
    resolved_at = fields.DatetimeField(null=True)
    draw = fields.TextField()

    class Meta:
        table = "ledger_holds"
        indexes = (("state", "expires_at"),)


class LedgerGrantRecord(Model):
    """The unspent rest of one grant (a leg with ``lapses_at``); ``sweeps`` counts returns."""

    id = fields.BigIntField(primary_key=True)
    key = fields.CharField(max_length=KEY_LENGTH)
    leg = fields.IntField()
    account_id = fields.BigIntField(db_index=True)
    source_account_id = fields.BigIntField()
    owner = fields.CharField(max_length=OWNER_LENGTH)
    source = fields.CharField(max_length=OWNER_LENGTH)
    unit = fields.CharField(max_length=UNIT_LENGTH)
    lapses_at = fields.DatetimeField(db_index=True)
    remaining = fields.BigIntField()
    sweeps = fields.IntField()

    class Meta:
        table = "ledger_grants"
        unique_together = (("key", "leg"),)
