"""SubscriptionRepository on Tortoise."""

from __future__ import annotations

from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from adapters.tortoise.models.payments import SubscriptionRecord, TrialRecord
from adapters.tortoise.repositories.common import as_utc, insert_once
from sleeplab_core.kernel.users import UserId
from sleeplab_core.payments.subscriptions import Subscription

_UPDATED = ["started_at", "period_end", "renews", "trial", "order_id"]


class TortoiseSubscriptionRepository:
    """Subscriptions unique per (user, product); trials in ``trials``, unique likewise.

    ``get`` locks the row until the unit of work ends; ``save`` upserts on (user, product);
    ``claim_trial`` inserts in a savepoint and a unique violation means "taken before".
    """

    def __init__(self, connection: BaseDBAsyncClient) -> None:
        self._db = connection

    async def get(self, user_id: UserId, product: str) -> Subscription | None:
        query = SubscriptionRecord.filter(user_id=user_id, product=product).using_db(self._db)
        record = await query.select_for_update().first()
        return None if record is None else _to_subscription(record)

    async def save(self, subscription: Subscription) -> None:
        record = SubscriptionRecord(
            user_id=subscription.user_id,
            product=subscription.product,
            started_at=as_utc(subscription.started_at),
            period_end=as_utc(subscription.period_end),
            renews=subscription.renews,
            trial=subscription.trial,
            order_id=subscription.order_id,
        )
        await SubscriptionRecord.bulk_create(
            [record], on_conflict=["user_id", "product"], update_fields=_UPDATED, using_db=self._db
        )

    async def delete_user(self, user_id: UserId) -> None:
        await SubscriptionRecord.filter(user_id=user_id).using_db(self._db).delete()
        await TrialRecord.filter(user_id=user_id).using_db(self._db).delete()

    async def claim_trial(self, user_id: UserId, product: str, at: datetime) -> bool:
        async def insert(db: BaseDBAsyncClient) -> None:
            await TrialRecord.create(
                user_id=user_id, product=product, claimed_at=as_utc(at), using_db=db
            )

        return await insert_once(self._db, insert)


def _to_subscription(record: SubscriptionRecord) -> Subscription:
    return Subscription(
        user_id=record.user_id,
        product=record.product,
        started_at=as_utc(record.started_at),
        period_end=as_utc(record.period_end),
        renews=record.renews,
        trial=record.trial,
        order_id=record.order_id,
    )
