"""Tables of the kernel module: users and their profiles."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class UserRecord(Model):
    """One row per user. Telegram ids exceed 32 bits, hence the big integer key."""

    id = fields.BigIntField(primary_key=True, generated=False)
    created_at = fields.DatetimeField()
    locale = fields.CharField(max_length=16)
    gender = fields.CharField(max_length=16, null=True)
    birth_year = fields.IntField(null=True)
    time_zone = fields.CharField(max_length=64)
    consent_given_at = fields.DatetimeField(null=True)
    consent_text_version = fields.CharField(max_length=64, null=True)
    active = fields.BooleanField(default=True)

    class Meta:
        table = "users"
