"""Tables of the entitlements module."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class EntitlementRecord(Model):
    """A granted entitlement; one source grants a product to a user once (unique triple)."""

    id = fields.BigIntField(primary_key=True)
    user_id = fields.BigIntField(db_index=True)
    product = fields.CharField(max_length=64)
    source = fields.CharField(max_length=128)
    granted_at = fields.DatetimeField()
    expires_at = fields.DatetimeField(null=True)

    class Meta:
        table = "entitlements"
        unique_together = (("user_id", "product", "source"),)
