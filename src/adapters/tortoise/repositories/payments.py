"""OrderRepository and PaymentRepository on Tortoise."""

from __future__ import annotations

from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from adapters.tortoise.models.payments import OrderRecord, PaymentRecordRow
from adapters.tortoise.repositories.common import as_utc, insert_once
from sleeplab_core.kernel.errors import Conflict
from sleeplab_core.kernel.money import Money
from sleeplab_core.kernel.users import UserId
from sleeplab_core.payments.model import (
    OPEN_STATES,
    Gateway,
    Order,
    OrderState,
    PaymentOutcome,
    PaymentRecord,
)
from sleeplab_core.payments.ports import ANONYMOUS_USER

_PAID_STATES = [OrderState.PAID.value, OrderState.REFUNDED.value]
_OPEN_STATES = sorted(state.value for state in OPEN_STATES)
_ORDER_UPDATED = [
    "user_id",
    "product",
    "gateway",
    "list_price",
    "list_price_unit",
    "amount",
    "currency",
    "promo_code",
    "state",
    "created_at",
    "expires_at",
    "paid_at",
    "payment_key",
    "closed_at",
]
_PAYMENT_UPDATED = [
    "order_id",
    "amount",
    "currency",
    "outcome",
    "received_at",
    "payer_id",
    "provider_charge_id",
    "grant_source",
    "late",
    "refunded_at",
]


class TortoiseOrderRepository:
    """Orders in the ``orders`` table; ``get`` locks the row until the unit of work ends.

    The order number is the table's autoincrement key: the database assigns it.
    """

    def __init__(self, connection: BaseDBAsyncClient) -> None:
        self._db = connection

    async def add(self, order: Order) -> Order:
        created: list[OrderRecord] = []

        async def insert(db: BaseDBAsyncClient) -> None:
            record = _order_record(order)
            await record.save(using_db=db, force_create=True)
            created.append(record)

        if not await insert_once(self._db, insert):
            raise Conflict(f"order {order.id!r} exists")
        return _to_order(created[0])

    async def get(self, order_id: str) -> Order | None:
        query = OrderRecord.filter(order_id=order_id).using_db(self._db).select_for_update()
        record = await query.first()
        return None if record is None else _to_order(record)

    async def by_number(self, number: int) -> Order | None:
        record = await OrderRecord.filter(number=number).using_db(self._db).first()
        return None if record is None else _to_order(record)

    async def save(self, order: Order) -> None:
        fields = {name: getattr(_order_record(order), name) for name in _ORDER_UPDATED}
        query = OrderRecord.filter(order_id=order.id).using_db(self._db)
        if not await query.update(**fields):
            raise Conflict(f"order {order.id!r} was never added")

    async def has_paid(self, user_id: UserId) -> bool:
        query = OrderRecord.filter(user_id=user_id, state__in=_PAID_STATES).using_db(self._db)
        return await query.exists()

    async def open_due(self, now: datetime) -> list[Order]:
        query = OrderRecord.filter(state__in=_OPEN_STATES, expires_at__lte=as_utc(now))
        return [_to_order(r) for r in await query.using_db(self._db).order_by("number")]

    async def for_user(self, user_id: UserId) -> list[Order]:
        query = OrderRecord.filter(user_id=user_id).using_db(self._db).order_by("number")
        return [_to_order(r) for r in await query]

    async def anonymise_user(self, user_id: UserId) -> None:
        query = OrderRecord.filter(user_id=user_id).using_db(self._db)
        await query.update(user_id=ANONYMOUS_USER)


class TortoisePaymentRepository:
    """Provider payments, unique per (gateway, payment id) by a database constraint.

    ``add`` inserts in a savepoint: a concurrent insert of the same key waits for the other
    transaction and then violates the constraint, so exactly one unit of work inserts and
    the others read its record. ``get`` locks the row (a refund is applied once).
    """

    def __init__(self, connection: BaseDBAsyncClient) -> None:
        self._db = connection

    async def add(self, record: PaymentRecord) -> tuple[PaymentRecord, bool]:
        async def insert(db: BaseDBAsyncClient) -> None:
            await _payment_row(record).save(using_db=db, force_create=True)

        if await insert_once(self._db, insert):
            return record, True
        # No row lock here: confirmations lock the order first and refunds the payment
        # first, so locking the payment again here could deadlock with a refund.
        query = PaymentRecordRow.filter(gateway=record.gateway.value, payment_id=record.payment_id)
        stored = await query.using_db(self._db).first()
        if stored is None:  # only if the winner's row was deleted in between
            raise Conflict(f"payment {record.key!r} vanished while being added")
        return _to_payment(stored), False

    async def get(self, gateway: Gateway, payment_id: str) -> PaymentRecord | None:
        query = PaymentRecordRow.filter(gateway=gateway.value, payment_id=payment_id)
        stored = await query.using_db(self._db).select_for_update().first()
        return None if stored is None else _to_payment(stored)

    async def save(self, record: PaymentRecord) -> None:
        row = _payment_row(record)
        fields = {name: getattr(row, name) for name in _PAYMENT_UPDATED}
        query = PaymentRecordRow.filter(gateway=record.gateway.value, payment_id=record.payment_id)
        if not await query.using_db(self._db).update(**fields):
            raise Conflict(f"payment {record.key!r} was never added")

    async def for_order(self, order_id: str) -> list[PaymentRecord]:
        query = PaymentRecordRow.filter(order_id=order_id).using_db(self._db).order_by("id")
        return [_to_payment(r) for r in await query]

    async def anonymise_payer(self, user_id: UserId) -> None:
        query = PaymentRecordRow.filter(payer_id=user_id).using_db(self._db)
        await query.update(payer_id=None)


def _order_record(order: Order) -> OrderRecord:
    return OrderRecord(
        order_id=order.id,
        user_id=order.user_id,
        product=order.product,
        gateway=order.gateway.value,
        list_price=order.list_price.amount,
        list_price_unit=order.list_price.unit,
        amount=order.amount.amount,
        currency=order.amount.unit,
        promo_code=order.promo_code,
        state=order.state.value,
        created_at=as_utc(order.created_at),
        expires_at=as_utc(order.expires_at),
        paid_at=as_utc(order.paid_at),
        payment_key=order.payment_key,
        closed_at=as_utc(order.closed_at),
    )


def _to_order(record: OrderRecord) -> Order:
    return Order(
        id=record.order_id,
        number=record.number,
        user_id=record.user_id,
        product=record.product,
        gateway=Gateway(record.gateway),
        list_price=Money(record.list_price, record.list_price_unit),
        amount=Money(record.amount, record.currency),
        promo_code=record.promo_code,
        state=OrderState(record.state),
        created_at=as_utc(record.created_at),
        expires_at=as_utc(record.expires_at),
        paid_at=as_utc(record.paid_at),
        payment_key=record.payment_key,
        closed_at=as_utc(record.closed_at),
    )


def _payment_row(record: PaymentRecord) -> PaymentRecordRow:
    return PaymentRecordRow(
        gateway=record.gateway.value,
        payment_id=record.payment_id,
        order_id=record.order_id,
        amount=record.amount.amount,
        currency=record.amount.unit,
        outcome=record.outcome.value,
        received_at=as_utc(record.received_at),
        payer_id=record.payer_id,
        provider_charge_id=record.provider_charge_id,
        grant_source=record.grant_source,
        late=record.late,
        refunded_at=as_utc(record.refunded_at),
    )


def _to_payment(row: PaymentRecordRow) -> PaymentRecord:
    return PaymentRecord(
        gateway=Gateway(row.gateway),
        payment_id=row.payment_id,
        order_id=row.order_id,
        amount=Money(row.amount, row.currency),
        outcome=PaymentOutcome(row.outcome),
        received_at=as_utc(row.received_at),
        payer_id=row.payer_id,
        provider_charge_id=row.provider_charge_id,
        grant_source=row.grant_source,
        late=row.late,
        refunded_at=as_utc(row.refunded_at),
    )
