"""Subscriptions: paid periods, renewal from the current period end, cancellation, expiry."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

import attrs

from sleeplab_core.kernel.users import UserId


class SubscriptionStatus(enum.StrEnum):
    ACTIVE = "active"
    """In a paid (or trial) period, renewing."""
    CANCELLED = "cancelled"
    """Renewal is off; still active until ``period_end``."""
    EXPIRED = "expired"
    """The last period ended."""


@attrs.frozen(kw_only=True)
class Subscription:
    """A user's subscription to one product (at most one per user and product)."""

    user_id: UserId
    product: str
    started_at: datetime
    period_end: datetime
    renews: bool = True
    trial: bool = False
    order_id: str | None = None
    """The order whose recurring payments renew it (None for a trial)."""

    def status_at(self, now: datetime) -> SubscriptionStatus:
        if now >= self.period_end:
            return SubscriptionStatus.EXPIRED
        return SubscriptionStatus.ACTIVE if self.renews else SubscriptionStatus.CANCELLED

    def is_active(self, now: datetime) -> bool:
        return now < self.period_end

    def cancelled(self) -> Subscription:
        """Renewal off; the paid period still runs to its end."""
        return attrs.evolve(self, renews=False)

    def ended(self, at: datetime) -> Subscription:
        """Ends at once (a refund): no renewal, the period closes at ``at``."""
        return attrs.evolve(self, renews=False, period_end=min(self.period_end, at))


def extend(
    current: Subscription | None,
    *,
    user_id: UserId,
    product: str,
    period: timedelta,
    now: datetime,
    order_id: str | None,
) -> Subscription:
    """The subscription after one paid period.

    An active subscription is extended from its current period end (paying early loses
    nothing); a missing or expired one starts now. Paying turns renewal back on.
    """
    if current is not None and current.is_active(now):
        return attrs.evolve(
            current,
            period_end=current.period_end + period,
            renews=True,
            trial=False,
            order_id=order_id or current.order_id,
        )
    return Subscription(
        user_id=user_id,
        product=product,
        started_at=now,
        period_end=now + period,
        order_id=order_id,
    )


def trial(*, user_id: UserId, product: str, length: timedelta, now: datetime) -> Subscription:
    """A free trial period that does not renew by itself."""
    return Subscription(
        user_id=user_id,
        product=product,
        started_at=now,
        period_end=now + length,
        renews=False,
        trial=True,
    )
