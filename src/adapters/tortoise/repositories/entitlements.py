"""EntitlementRepository on Tortoise."""

from __future__ import annotations

from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from adapters.tortoise.models.entitlements import EntitlementRecord
from adapters.tortoise.repositories.common import as_utc, insert_once
from sleeplab_core.entitlements.model import Entitlement
from sleeplab_core.kernel.users import UserId


class TortoiseEntitlementRepository:
    """Entitlements, unique per (user, product, source) by a database constraint.

    ``revoke`` (a refund) sets ``expires_at``; rows are never deleted but by ``delete_user``.
    """

    def __init__(self, connection: BaseDBAsyncClient) -> None:
        self._db = connection

    async def grant(self, entitlement: Entitlement) -> bool:
        async def insert(db: BaseDBAsyncClient) -> None:
            await EntitlementRecord.create(
                user_id=entitlement.user_id,
                product=entitlement.product,
                source=entitlement.source,
                granted_at=as_utc(entitlement.granted_at),
                expires_at=as_utc(entitlement.expires_at),
                using_db=db,
            )

        return await insert_once(self._db, insert)

    async def active(self, user_id: UserId, moment: datetime) -> list[Entitlement]:
        # A user holds a handful of entitlements: filtering here keeps the time rule in one
        # place (Entitlement.active_at) instead of restating it in SQL.
        return [e for e in await self.all_for(user_id) if e.active_at(moment)]

    async def all_for(self, user_id: UserId) -> list[Entitlement]:
        query = EntitlementRecord.filter(user_id=user_id).using_db(self._db)
        records = await query.order_by("granted_at", "product", "source")
        return [_to_entitlement(r) for r in records]

    async def delete_user(self, user_id: UserId) -> None:
        await EntitlementRecord.filter(user_id=user_id).using_db(self._db).delete()

    async def revoke(self, user_id: UserId, product: str, source: str, at: datetime) -> bool:
        # History stays: the row is kept and only ends at ``at`` (unless it ended earlier).
        query = EntitlementRecord.filter(user_id=user_id, product=product, source=source)
        record = await query.using_db(self._db).select_for_update().first()
        if record is None:
            return False
        if record.expires_at is None or as_utc(record.expires_at) > as_utc(at):
            await (
                EntitlementRecord.filter(id=record.id)
                .using_db(self._db)
                .update(expires_at=as_utc(at))
            )
        return True


def _to_entitlement(record: EntitlementRecord) -> Entitlement:
    return Entitlement(
        user_id=record.user_id,
        product=record.product,
        source=record.source,
        granted_at=as_utc(record.granted_at),
        expires_at=as_utc(record.expires_at),
    )
