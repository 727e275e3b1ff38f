"""An operator moves a placed order forward: placed → ready (at the pickup point) → picked up.

Only forward, only a placed order (a cancelled one stays cancelled; a picked-up one can no
longer be cancelled). Moving an order to the stage it is at changes nothing (idempotent).
Each change queues the player's notice in the same transaction (see
:mod:`~sleeplab_core.rewards.use_cases.notify_order`), so it is sent once, by the worker.
"""

from __future__ import annotations

from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

import attrs

from sleeplab_core.jobs.ports import JobRepository
from sleeplab_core.rewards.errors import OrderRefused, RewardsNotFound
from sleeplab_core.rewards.model import STAGE_ORDER, GiftOrder, OrderStage, OrderStatus
from sleeplab_core.rewards.ports import RewardsStore
from sleeplab_core.rewards.use_cases.notify_order import queue_order_notice


class OrderUnitOfWork(Protocol):
    """The rewards store and the job queue in one transaction."""

    rewards: RewardsStore
    jobs: JobRepository

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...


class OrderUnitOfWorkFactory(Protocol):
    def __call__(self) -> OrderUnitOfWork: ...


@attrs.frozen
class OrderAdvanced:
    order: GiftOrder
    changed: bool


async def advance_order(
    uow: OrderUnitOfWorkFactory, order_id: int, stage: OrderStage, now: datetime
) -> OrderAdvanced:
    """Move the order to ``stage`` and queue the player's notice.

    Raises:
        RewardsNotFound: no such order.
        OrderRefused: ``not_placed`` (pending, failed or cancelled), ``backwards`` (it is
            already further along).
    """
    async with uow() as unit:
        order = await unit.rewards.orders.get(order_id, for_update=True)
        if order is None:
            raise RewardsNotFound("order")
        if order.status is not OrderStatus.PLACED:
            raise OrderRefused("not_placed")
        if order.stage is stage:
            return OrderAdvanced(order, changed=False)
        if STAGE_ORDER.index(stage) < STAGE_ORDER.index(order.stage):
            raise OrderRefused("backwards")
        await unit.rewards.orders.set_stage(order_id, stage)
        moved = attrs.evolve(order, stage=stage)
        await queue_order_notice(unit.jobs, moved, now)
        await unit.commit()
    return OrderAdvanced(moved, changed=True)
