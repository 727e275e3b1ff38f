"""Promo codes and their redemptions (values only; the rules live in ``rules.py``)."""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.kernel.users import UserId

CODE = re.compile(r"[A-Z0-9_-]{3,32}")


class DiscountKind(enum.StrEnum):
    PERCENT = "percent"
    FIXED = "fixed"


def normalize_code(text: str) -> str:
    """What the user typed, as stored: trimmed and upper-case (codes are case-insensitive)."""
    return text.strip().upper()


def _check_code(_: object, __: attrs.Attribute[str], value: str) -> None:
    if not CODE.fullmatch(value):
        raise ValidationFailed("3 to 32 of A-Z, 0-9, '_' and '-'", field="code")


def _check_limit(_: object, attribute: attrs.Attribute[Any], value: int | None) -> None:
    if value is not None and value < 1:
        raise ValidationFailed("must be at least 1 (or unset for no limit)", field=attribute.name)


@attrs.frozen(kw_only=True)
class PromoCode:
    """A discount: ``percent`` off, or a fixed ``amounts`` off per currency (smallest units).

    ``products`` empty means every product. ``max_redemptions`` (all users together) and
    ``max_per_user`` bound the uses; None means no limit. The code is valid from
    ``starts_at`` (inclusive) until ``expires_at`` (exclusive).

    Raises:
        ValidationFailed: a malformed code, a percent outside 1..100, a fixed discount
            without positive amounts, or a limit below 1.
    """

    code: str = attrs.field(validator=_check_code)
    kind: DiscountKind
    percent: int | None = None
    amounts: Mapping[str, int] = attrs.field(factory=dict)
    products: frozenset[str] = frozenset()
    max_redemptions: int | None = attrs.field(default=None, validator=_check_limit)
    max_per_user: int | None = attrs.field(default=1, validator=_check_limit)
    starts_at: datetime | None = None
    expires_at: datetime | None = None
    first_purchase_only: bool = False

    def __attrs_post_init__(self) -> None:
        if self.kind is DiscountKind.PERCENT:
            if self.percent is None or not 1 <= self.percent <= 100:
                raise ValidationFailed("must be 1 to 100", field="percent")
        elif not self.amounts or any(v <= 0 for v in self.amounts.values()):
            raise ValidationFailed("a positive amount per currency is needed", field="amounts")

    def applies_to(self, product: str) -> bool:
        return not self.products or product in self.products


class RedemptionState(enum.StrEnum):
    RESERVED = "reserved"
    """Held by an order awaiting payment, until ``reserved_until``."""
    REDEEMED = "redeemed"
    """Counted for good: the order was paid (or was free)."""
    RELEASED = "released"
    """The order expired or was cancelled unpaid; no longer counts."""


@attrs.frozen(kw_only=True)
class Redemption:
    """One use of a code by one order (at most one per order)."""

    code: str
    user_id: UserId
    order_id: str
    state: RedemptionState
    reserved_at: datetime
    reserved_until: datetime
    redeemed_at: datetime | None = None
    late: bool = False
    """Redeemed after its reservation lapsed or was released (a late payment honoured):
    the only way a code can exceed its limits, so reconciliation reports these."""

    def counts_at(self, now: datetime) -> bool:
        """Whether this use counts against the limits at ``now``."""
        if self.state is RedemptionState.REDEEMED:
            return True
        return self.state is RedemptionState.RESERVED and now < self.reserved_until
