"""Tables of the assistant module: the message log and each user's preferences."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class AssistantLogRecord(Model):
    """One question and what became of it (redacted texts, never names or keys).

    ``seq`` orders entries as they were logged; ``entry_id`` is the core's id.
    """

    seq = fields.BigIntField(primary_key=True)
    entry_id = fields.CharField(max_length=64, unique=True)
    user_id = fields.BigIntField()
    conversation = fields.IntField()
    at = fields.DatetimeField()
    outcome = fields.CharField(max_length=16)
    question = fields.TextField()
    answer = fields.TextField()
    provider = fields.CharField(max_length=32)
    model = fields.CharField(max_length=64)
    input_tokens = fields.IntField()
    output_tokens = fields.IntField()
    cost = fields.IntField()
    latency_ms = fields.IntField()
    error = fields.CharField(max_length=64)

    class Meta:
        table = "assistant_log"
        indexes = (("user_id", "conversation"),)


class AssistantPreferencesRecord(Model):
    """A user's answer length and current conversation number."""

    user_id = fields.BigIntField(primary_key=True, generated=False)
    answer_length = fields.CharField(max_length=16)
    conversation = fields.IntField()

    class Meta:
        table = "assistant_preferences"
