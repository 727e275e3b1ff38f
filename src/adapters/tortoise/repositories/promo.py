"""PromoRepository on Tortoise."""

from __future__ import annotations

from datetime import datetime

import attrs
from tortoise.backends.base.client import BaseDBAsyncClient

from adapters.tortoise.models.payments import PromoCodeRecord, PromoRedemptionRecord
from adapters.tortoise.repositories.common import as_utc, plain_dict
from sleeplab_core.kernel.users import UserId
from sleeplab_core.payments.ports import ANONYMOUS_USER
from sleeplab_core.promo.model import DiscountKind, PromoCode, Redemption, RedemptionState
from sleeplab_core.promo.rules import check_limits

_CODE_UPDATED = [
    "kind",
    "percent",
    "amounts",
    "products",
    "max_redemptions",
    "max_per_user",
    "starts_at",
    "expires_at",
    "first_purchase_only",
]


class TortoisePromoRepository:
    """Codes in ``promo_codes``, their uses in ``promo_redemptions`` (one per order).

    ``reserve`` locks the code's row (``SELECT … FOR UPDATE``; on SQLite the unit of work
    already holds the write lock) before counting the code's uses, so the limit check and
    the insert are one step for concurrent orders. ``redeem`` and ``release`` run under the
    order's lock, which the payments use cases take first.
    """

    def __init__(self, connection: BaseDBAsyncClient) -> None:
        self._db = connection

    async def get(self, code: str) -> PromoCode | None:
        record = await PromoCodeRecord.filter(code=code).using_db(self._db).first()
        return None if record is None else _to_promo(record)

    async def save(self, promo: PromoCode) -> None:
        await PromoCodeRecord.bulk_create(
            [_promo_record(promo)],
            on_conflict=["code"],
            update_fields=_CODE_UPDATED,
            using_db=self._db,
        )

    async def reserve(
        self, promo: PromoCode, user_id: UserId, order_id: str, now: datetime, until: datetime
    ) -> Redemption:
        # The lock serialises every reservation of this code: what ``uses`` counts below
        # cannot change until this unit of work ends. (The use cases reserve only codes read
        # from this store; a code never saved has no row to lock.)
        await PromoCodeRecord.filter(code=promo.code).using_db(self._db).select_for_update()
        existing = await self._for_order(order_id)
        if existing is not None:
            return _to_redemption(existing)
        check_limits(promo, await self.uses(promo.code), user_id=user_id, now=now)
        redemption = Redemption(
            code=promo.code,
            user_id=user_id,
            order_id=order_id,
            state=RedemptionState.RESERVED,
            reserved_at=now,
            reserved_until=until,
        )
        # A plain insert: ``order_id`` is unique, and a second reservation of the same order
        # in parallel waits on the code's lock and then finds this one above.
        await _redemption_record(redemption).save(using_db=self._db, force_create=True)
        return redemption

    async def redeem(self, order_id: str, now: datetime) -> Redemption | None:
        found = await self._for_order(order_id, lock=True)
        if found is None:
            return None
        current = _to_redemption(found)
        if current.state is RedemptionState.REDEEMED:
            return current
        redeemed = attrs.evolve(
            current,
            state=RedemptionState.REDEEMED,
            redeemed_at=now,
            late=not current.counts_at(now),
        )
        await (
            PromoRedemptionRecord.filter(id=found.id)
            .using_db(self._db)
            .update(state=redeemed.state.value, redeemed_at=as_utc(now), late=redeemed.late)
        )
        return redeemed

    async def release(self, order_id: str) -> None:
        query = PromoRedemptionRecord.filter(
            order_id=order_id, state=RedemptionState.RESERVED.value
        )
        await query.using_db(self._db).update(state=RedemptionState.RELEASED.value)

    async def anonymise_user(self, user_id: UserId) -> None:
        query = PromoRedemptionRecord.filter(user_id=user_id).using_db(self._db)
        await query.update(user_id=ANONYMOUS_USER)

    async def uses(self, code: str) -> list[Redemption]:
        query = PromoRedemptionRecord.filter(code=code).using_db(self._db).order_by("id")
        return [_to_redemption(r) for r in await query]

    async def list_codes(self) -> list[PromoCode]:
        records = await PromoCodeRecord.all().using_db(self._db).order_by("code")
        return [_to_promo(record) for record in records]

    async def _for_order(
        self, order_id: str, *, lock: bool = False
    ) -> PromoRedemptionRecord | None:
        query = PromoRedemptionRecord.filter(order_id=order_id).using_db(self._db)
        return await (query.select_for_update() if lock else query).first()


def _promo_record(promo: PromoCode) -> PromoCodeRecord:
    return PromoCodeRecord(
        code=promo.code,
        kind=promo.kind.value,
        percent=promo.percent,
        amounts=plain_dict(promo.amounts),
        products=sorted(promo.products),
        max_redemptions=promo.max_redemptions,
        max_per_user=promo.max_per_user,
        starts_at=as_utc(promo.starts_at),
        expires_at=as_utc(promo.expires_at),
        first_purchase_only=promo.first_purchase_only,
    )


def _to_promo(record: PromoCodeRecord) -> PromoCode:
    return PromoCode(
        code=record.code,
        kind=DiscountKind(record.kind),
        percent=record.percent,
        amounts={str(unit): int(amount) for unit, amount in record.amounts.items()},
        products=frozenset(str(p) for p in record.products),
        max_redemptions=record.max_redemptions,
        max_per_user=record.max_per_user,
        starts_at=as_utc(record.starts_at),
        expires_at=as_utc(record.expires_at),
        first_purchase_only=record.first_purchase_only,
    )


def _redemption_record(redemption: Redemption) -> PromoRedemptionRecord:
    return PromoRedemptionRecord(
        code=redemption.code,
        user_id=redemption.user_id,
        order_id=redemption.order_id,
        state=redemption.state.value,
        reserved_at=as_utc(redemption.reserved_at),
        reserved_until=as_utc(redemption.reserved_until),
        redeemed_at=as_utc(redemption.redeemed_at),
        late=redemption.late,
    )


def _to_redemption(record: PromoRedemptionRecord) -> Redemption:
    return Redemption(
        code=record.code,
        user_id=record.user_id,
        order_id=record.order_id,
        state=RedemptionState(record.state),
        reserved_at=as_utc(record.reserved_at),
        reserved_until=as_utc(record.reserved_until),
        redeemed_at=as_utc(record.redeemed_at),
        late=record.late,
    )
