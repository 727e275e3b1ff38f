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
