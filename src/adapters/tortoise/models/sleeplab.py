"""Tables of the sleeplab module: questionnaire runs."""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model


class RunRecord(Model):
    """A questionnaire run; ``state`` and ``result`` are the engine's JSON documents."""

    id = fields.CharField(max_length=64, primary_key=True)
    user_id = fields.BigIntField()
    questionnaire = fields.CharField(max_length=64)
    version = fields.CharField(max_length=32)
    level = fields.CharField(max_length=16)
    status = fields.CharField(max_length=16)
    started_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()
    completed_at = fields.DatetimeField(null=True)
    state = fields.JSONField[dict[str, Any]]()
    result = fields.JSONField[dict[str, Any]]()

    class Meta:
        table = "questionnaire_runs"
        indexes = (("user_id", "level", "started_at"),)
