"""Tables of the jobs module: durable jobs, broadcasts and one delivery per recipient.

The schema is the one in ``docs/jobs.md``. A unique key is held by at most one job that is not
cancelled: ``unique_key`` is UNIQUE, and cancelling moves the key to ``cancelled_key``
(kept for inspection), which frees it. The repositories read and write these tables with SQL
of their own (``adapters.tortoise.repositories.jobs``), datetimes as in the ledger:
TIMESTAMPTZ on PostgreSQL, fixed-format UTC ISO text on SQLite.
"""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model

__all__ = ["BroadcastRecord", "DeliveryRecord", "JobRecord"]


class JobRecord(Model):
    """One durable job: what to run, when, how often it was tried and who holds it."""

    id = fields.BigIntField(primary_key=True)
    kind = fields.CharField(max_length=100)
    payload = fields.JSONField[dict[str, Any]]()
    run_at = fields.DatetimeField()
    next_attempt_at = fields.DatetimeField()
    state = fields.CharField(max_length=16)
    attempts = fields.IntField(default=0)
    max_attempts = fields.IntField()
    unique_key = fields.CharField(max_length=255, null=True, unique=True)
    cancelled_key = fields.CharField(max_length=255, null=True)  # what a cancel freed
    user_id = fields.BigIntField(null=True)  # Telegram ids exceed 32 bits
    last_error = fields.TextField(null=True)
    lease_owner = fields.CharField(max_length=100, null=True)
    lease_expires_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "jobs"
        indexes = (
            ("state", "next_attempt_at", "id"),  # the claim: due jobs in queue order
            ("state", "lease_expires_at"),  # the release of expired leases
            ("state", "kind"),
            ("user_id",),
        )


class BroadcastRecord(Model):
    """An operator's message to a segment, with its progress counters."""

    id = fields.BigIntField(primary_key=True)
    segment = fields.CharField(max_length=100)
    text_key = fields.CharField(max_length=200)
    created_by = fields.CharField(max_length=100)
    created_at = fields.DatetimeField()
    state = fields.CharField(max_length=16)
    total = fields.IntField(default=0)
    sent = fields.IntField(default=0)
    blocked = fields.IntField(default=0)
    failed = fields.IntField(default=0)
    unconfirmed = fields.IntField(default=0)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "broadcasts"


class DeliveryRecord(Model):
    """One recipient of one broadcast; unique per (broadcast, user)."""

    id = fields.BigIntField(primary_key=True)
    broadcast: fields.ForeignKeyRelation[BroadcastRecord] = fields.ForeignKeyField(
        "sleeplab.BroadcastRecord", related_name="deliveries", on_delete=fields.CASCADE
    )
    user_id = fields.BigIntField()
    state = fields.CharField(max_length=16)
    updated_at = fields.DatetimeField()
    error = fields.TextField(null=True)

    class Meta:
        table = "broadcast_deliveries"
        unique_together = (("broadcast", "user_id"),)
        indexes = (("broadcast", "state", "user_id"),)
