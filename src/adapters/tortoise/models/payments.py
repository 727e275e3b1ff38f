"""Tables of the payments and promo modules (see docs/payments.md, "Storage").

Every rule that keeps money from being lost or doubled is a constraint here, so that the
repositories insert and let the database refuse, never check first and then insert:
an order's ``number`` is its autoincrement key, a provider payment is unique per
(gateway, payment id), an order has at most one promo redemption, a user one subscription
and one trial per product. Amounts are BIGINT in the currency's smallest unit.
"""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model

ORDER_ID_LENGTH = 64
PRODUCT_LENGTH = 64
UNIT_LENGTH = 32
PROMO_CODE_LENGTH = 32
PAYMENT_ID_LENGTH = 255
PAYMENT_KEY_LENGTH = 280  # "<gateway>:<payment id>"
SOURCE_LENGTH = 255

__all__ = [
    "OrderRecord",
    "PaymentRecordRow",
    "PromoCodeRecord",
    "PromoRedemptionRecord",
    "SubscriptionRecord",
    "TrialRecord",
]


class OrderRecord(Model):
    """An order; ``number`` (Robokassa's InvId) is its autoincrement key, never reused.

    The database assigns the number; ``order_id`` is the opaque id used everywhere else.
    """

    number = fields.BigIntField(primary_key=True)
    order_id = fields.CharField(max_length=ORDER_ID_LENGTH, unique=True)
    user_id = fields.BigIntField(db_index=True)
    product = fields.CharField(max_length=PRODUCT_LENGTH)
    gateway = fields.CharField(max_length=16)
    list_price = fields.BigIntField()
    list_price_unit = fields.CharField(max_length=UNIT_LENGTH)
    amount = fields.BigIntField()
    currency = fields.CharField(max_length=UNIT_LENGTH)
    promo_code = fields.CharField(max_length=PROMO_CODE_LENGTH, null=True)
    state = fields.CharField(max_length=20)
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    paid_at = fields.DatetimeField(null=True)
    payment_key = fields.CharField(max_length=PAYMENT_KEY_LENGTH, null=True)
    closed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "orders"
        indexes = (("state", "expires_at"),)


class PaymentRecordRow(Model):
    """One provider payment, unique per (gateway, payment_id); ``id`` is the arrival order."""

    id = fields.BigIntField(primary_key=True)
    gateway = fields.CharField(max_length=16)
    payment_id = fields.CharField(max_length=PAYMENT_ID_LENGTH)
    order_id = fields.CharField(max_length=ORDER_ID_LENGTH, db_index=True)
    amount = fields.BigIntField()
    currency = fields.CharField(max_length=UNIT_LENGTH)
    outcome = fields.CharField(max_length=16)
    received_at = fields.DatetimeField()
    payer_id = fields.BigIntField(null=True)
    provider_charge_id = fields.CharField(max_length=PAYMENT_ID_LENGTH, null=True)
    grant_source = fields.CharField(max_length=SOURCE_LENGTH, null=True)
    late = fields.BooleanField()
    refunded_at = fields.DatetimeField(null=True)

    class Meta:
        table = "payments"
        unique_together = (("gateway", "payment_id"),)


class PromoCodeRecord(Model):
    """A promo code; its row is locked while a use is reserved (the limit check)."""

    code = fields.CharField(max_length=PROMO_CODE_LENGTH, primary_key=True)
    kind = fields.CharField(max_length=16)
    percent = fields.IntField(null=True)
    amounts = fields.JSONField[dict[str, Any]]()
    products = fields.JSONField[list[Any]]()
    max_redemptions = fields.IntField(null=True)
    max_per_user = fields.IntField(null=True)
    starts_at = fields.DatetimeField(null=True)
    expires_at = fields.DatetimeField(null=True)
    first_purchase_only = fields.BooleanField()

    class Meta:
        table = "promo_codes"


class PromoRedemptionRecord(Model):
    """One use of a code by one order (``order_id`` unique); ``id`` is the reservation order."""

    id = fields.BigIntField(primary_key=True)
    code = fields.CharField(max_length=PROMO_CODE_LENGTH, db_index=True)
    user_id = fields.BigIntField()
    order_id = fields.CharField(max_length=ORDER_ID_LENGTH, unique=True)
    state = fields.CharField(max_length=16)
    reserved_at = fields.DatetimeField()
    reserved_until = fields.DatetimeField()
    redeemed_at = fields.DatetimeField(null=True)
    late = fields.BooleanField()

    class Meta:
        table = "promo_redemptions"


class SubscriptionRecord(Model):
    """A user's subscription to a product, one per (user, product)."""

    id = fields.BigIntField(primary_key=True)
    user_id = fields.BigIntField()
    product = fields.CharField(max_length=PRODUCT_LENGTH)
    started_at = fields.DatetimeField()
    period_end = fields.DatetimeField()
    renews = fields.BooleanField()
    trial = fields.BooleanField()
    order_id = fields.CharField(max_length=ORDER_ID_LENGTH, null=True)

    class Meta:
        table = "subscriptions"
        unique_together = (("user_id", "product"),)


class TrialRecord(Model):
    """A free trial taken: the unique (user, product) row makes it once per user, ever."""

    id = fields.BigIntField(primary_key=True)
    user_id = fields.BigIntField()
    product = fields.CharField(max_length=PRODUCT_LENGTH)
    claimed_at = fields.DatetimeField()

    class Meta:
        table = "trials"
        unique_together = (("user_id", "product"),)
