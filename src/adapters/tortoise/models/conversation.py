"""Tables of the conversation module: per-(user, bot) state and the inbox of deliveries."""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model


class ConversationRecord(Model):
    """The persisted dialogue of one user with one bot; unique per (user, bot)."""

    id = fields.BigIntField(primary_key=True)
    user_id = fields.BigIntField(db_index=True)
    bot = fields.CharField(max_length=64)
    flow = fields.CharField(max_length=128)
    updated_at = fields.DatetimeField()
    data = fields.JSONField[dict[str, Any]]()
    messages = fields.JSONField[dict[str, Any]]()

    class Meta:
        table = "conversations"
        unique_together = (("user_id", "bot"),)


class InboxRecord(Model):
    """A processed delivery; the primary key makes a second insert of the same key fail."""

    key = fields.CharField(max_length=255, primary_key=True)
    received_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "inbox"


class IntakeUpdateRecord(Model):
    """A Telegram update stored before it was acknowledged; unique per (bot, update_id).

    Written and read by raw SQL in :mod:`adapters.tortoise.intake` (datetimes as the ledger
    writes them); the model declares the table for the migrations.
    """

    id = fields.BigIntField(primary_key=True)
    bot = fields.CharField(max_length=64)
    update_id = fields.BigIntField()
    user_id = fields.BigIntField()
    body = fields.TextField()
    received_at = fields.DatetimeField()
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "intake_updates"
        unique_together = (("bot", "update_id"),)
        indexes = (("bot", "user_id", "finished_at"), ("finished_at", "received_at"))


class IntakeLeaseRecord(Model):
    """Who processes one user's stored updates, until when; unique per (bot, user_id)."""

    id = fields.BigIntField(primary_key=True)
    bot = fields.CharField(max_length=64)
    user_id = fields.BigIntField()
    owner = fields.CharField(max_length=128)
    expires_at = fields.DatetimeField()

    class Meta:
        table = "intake_leases"
        unique_together = (("bot", "user_id"),)
