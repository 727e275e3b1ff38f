"""A SQLite database with what the browser tests act on: an operator, a user with a paid
order, a job whose attempts are spent, a user who finished L0 (a report to resend) and two
steps players with phones and names (to search for)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any, cast

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
from sleeplab_core.rewards.ports import RewardsUnitOfWorkFactory
from sleeplab_core.rewards.use_cases.register_player import Registration, register_player

OPERATOR, PASSWORD = "ann", "a long enough secret"
USER = 4242
FUNNEL_USER = 4343
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
        for user_id, name, phone in PLAYERS:
            await register_player(
                cast(RewardsUnitOfWorkFactory, uow),
                container.clock(),
                Registration(user_id=user_id, name=name, phone=phone),
            )
        return Seeded(order_number=order.number, job_id=job.id)
    finally:
        await resolve(container.shutdown_resources())


def settings_for(folder: Path) -> Settings:
    return Settings(data_dir=folder, database_url=f"sqlite:///{folder / 'console.sqlite3'}")
