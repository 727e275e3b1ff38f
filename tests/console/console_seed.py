"""A SQLite database with what the browser tests act on: an operator, a user with a paid
order, a job whose attempts are spent, a user who finished L0 (a report to resend) and two
steps players with phones and names (to search for)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

import attrs

from entrypoints.containers import build_container, resolve, unit_of_work_factory
from entrypoints.fixtures import apply_scenario
from entrypoints.operators_cli import create_command
from entrypoints.settings import Settings
from sleeplab_core.jobs import NewJob
from sleeplab_core.kernel.users import User
from sleeplab_core.operators import Role
from sleeplab_core.payments import Gateway, PaymentsContext, create_order
from sleeplab_core.payments.confirmation import confirm_payment
from sleeplab_core.payments.ports import GatewayConfirmation
from sleeplab_core.rewards import default_rules
from sleeplab_core.rewards.model import MeasuredBy, PickupPoint, Recipient
from sleeplab_core.rewards.ports import RewardsUnitOfWorkFactory
from sleeplab_core.rewards.use_cases.log_walk import WalkDraft, log_walk
from sleeplab_core.rewards.use_cases.pickup_points import replace_pickup_points
from sleeplab_core.rewards.use_cases.place_order import OrderRequest, place_order
from sleeplab_core.rewards.use_cases.register_player import Registration, register_player
from sleeplab_core.rewards.verification import VerifiedWalk
from sleeplab_core.rewards.weather import FixedWeather

OPERATOR, PASSWORD = "ann", "a long enough secret"
USER = 4242
FUNNEL_USER = 4343
GIFT, GIFT_POINT = "bottle", "pvz-seed"
PLAYERS = (
    (USER, "Anna Petrova", "+79991234567"),
    (FUNNEL_USER, "Anna Smirnova", "+79997654321"),
)


@attrs.frozen
class Seeded:
    order_number: int
    job_id: int


async def seed(settings: Settings) -> Seeded:
    container = build_container(settings)
    try:
        await create_command(container, OPERATOR, PASSWORD, Role.ADMIN)
        uow = await unit_of_work_factory(container)
        now = container.clock().now()
        async with uow() as tx:
            await tx.users.save(
                User(
                    id=USER,
                    created_at=now - timedelta(days=3),
                    locale="ru",
                    time_zone="Europe/Moscow",
                )
            )
            job = await tx.jobs.enqueue(
                NewJob(kind="sleeplab.deliver_diagnosis", run_at=now, max_attempts=1, user_id=USER),
                now,
            )
            await tx.commit()
        queue: Any = await resolve(container.job_queue())
        [claimed] = await queue.claim("seed", now, 1, timedelta(minutes=1))
        await queue.fail(claimed.id, "seed", now, "Telegram said: chat not found", None)
        payments: PaymentsContext = await resolve(container.payments())
        order = await create_order(
            payments, user_id=USER, product_code="sleeplab_l1", gateway=Gateway.ROBOKASSA
        )
        await confirm_payment(
            payments,
            GatewayConfirmation(
                gateway=Gateway.ROBOKASSA,
                payment_id=f"rk-{order.number}",
                order_id=order.id,
                amount=order.amount,
                payer_id=USER,
            ),
        )
        await apply_scenario(container, FUNNEL_USER, "l0_completed")
        rewards = cast(RewardsUnitOfWorkFactory, uow)
        for user_id, name, phone in PLAYERS:
            await register_player(
                rewards, container.clock(), Registration(user_id=user_id, name=name, phone=phone)
            )
        await _gift_order(container, rewards)
        return Seeded(order_number=order.number, job_id=job.id)
    finally:
        await resolve(container.shutdown_resources())


async def _gift_order(container: Any, rewards: RewardsUnitOfWorkFactory) -> None:
    """USER walks, earns points and orders a gift to a pickup point (a placed order)."""
    clock, ledger, rules = container.clock(), container.ledger(), default_rules()
    await replace_pickup_points(rewards, [PickupPoint(GIFT_POINT, "Москва Тверская 1")])
    async with rewards() as unit:
        category = await unit.rewards.catalog.add_category("Gifts")
        product = await unit.rewards.catalog.add_product(
            GIFT, category.id, "Water bottle", 8, 5, ""
        )
        await unit.commit()
    now = clock.now()
    walk = WalkDraft(
        user_id=USER,
        key="seed-walk",
        measured_by=MeasuredBy.FORM,
        local_day=now.astimezone(ZoneInfo("Europe/Moscow")).date(),
        started_at=now - timedelta(hours=2),
        verified=VerifiedWalk(steps=10_000, distance_m=0, minutes=90),
        latitude=55.75,
        longitude=37.62,
    )
    await log_walk(rewards, ledger, clock, FixedWeather(20), rules, walk)
    recipient = Recipient("Anna", "Petrova", "+79991234567")
    await place_order(
        rewards,
        ledger,
        clock,
        rules,
        OrderRequest(USER, "seed-order", product.id, GIFT_POINT, recipient),
    )


def settings_for(folder: Path) -> Settings:
    return Settings(data_dir=folder, database_url=f"sqlite:///{folder / 'console.sqlite3'}")
