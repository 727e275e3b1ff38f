"""Whatever order callbacks, replays, refunds and time arrive in, each order is paid at most
once, grants exactly what its one applying payment gave, and credits match the paid packs."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections import Counter
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sleeplab_core.catalog import load_catalog
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.kernel.errors import SleeplabError
from sleeplab_core.ledger import InMemoryLedger
from sleeplab_core.payments import (
    FakeTelegramGateway,
    Gateway,
    Order,
    OrderState,
    PaymentOutcome,
    PaymentsContext,
    apply_refund,
    confirm_payment,
    create_order,
    ledger_owner,
)
from sleeplab_core.storage import InMemoryStore

BUYER = 42
STARS = FakeTelegramGateway(Gateway.STARS)

STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("order"), st.sampled_from(["sleeplab_l1", "credits_100"])),
        st.tuples(
            st.just("pay"),
            st.integers(min_value=0, max_value=5),  # which order
            st.integers(min_value=0, max_value=4),  # which charge id (reused on purpose)
            st.booleans(),  # the right amount?
        ),
        st.tuples(st.just("refund"), st.integers(min_value=0, max_value=4)),
        st.tuples(st.just("wait"), st.integers(min_value=1, max_value=120)),
    ),
    max_size=30,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(STEPS)
def test_every_order_is_paid_at_most_once_and_grants_match_the_applied_payments(
    steps: list[tuple[object, ...]],
) -> None:
    asyncio.run(_run(steps))


async def _run(steps: list[tuple[object, ...]]) -> None:
    clock, store, numbers = FakeClock(), InMemoryStore(), itertools.count(1)
    ctx = PaymentsContext(
        uow=store,
        catalog=load_catalog(),
        clock=clock,
        ledger=InMemoryLedger(clock),
        new_order_id=lambda: f"ord_{next(numbers)}",
    )
    orders: list[Order] = []
    for step in steps:
        # Refusals are typed and change nothing: the checks below prove it.
        with contextlib.suppress(SleeplabError):
            await _step(ctx, clock, orders, step)
    await _check(ctx, store, clock, orders)


async def _step(
    ctx: PaymentsContext, clock: FakeClock, orders: list[Order], step: tuple[object, ...]
) -> None:
    match step:
        case ("order", str(product)):
            orders.append(
                await create_order(ctx, user_id=BUYER, product_code=product, gateway=Gateway.STARS)
            )
        case ("pay", int(which), int(charge), bool(right_amount)) if orders:
            order = orders[which % len(orders)]
            amount = None if right_amount else order.amount.amount + 1
            fields = STARS.successful_payment(order, f"c-{charge}", amount=amount)
            await confirm_payment(ctx, STARS.verify_callback(fields))
        case ("refund", int(charge)):
            await apply_refund(ctx, Gateway.STARS, f"c-{charge}")
        case ("wait", int(minutes)):
            clock.advance(timedelta(minutes=minutes))


async def _check(
    ctx: PaymentsContext, store: InMemoryStore, clock: FakeClock, orders: list[Order]
) -> None:
    unrefunded_packs = 0
    async with store() as uow:
        keys = [r.key for o in orders for r in await uow.payments.for_order(o.id)]
        assert len(keys) == len(set(keys))  # one record per provider payment, ever
        entitlements = Counter(e.source for e in await uow.entitlements.all_for(BUYER))
        active = {e.source for e in await uow.entitlements.active(BUYER, clock.now())}
        for created in orders:
            order = await uow.orders.get(created.id)
            assert order is not None
            records = await uow.payments.for_order(order.id)
            applied = [r for r in records if r.outcome is PaymentOutcome.APPLIED]
            assert all(r.amount == order.amount for r in records)
            assert len(applied) <= 1
            paid = order.state in (OrderState.PAID, OrderState.REFUNDED)
            assert paid == bool(applied)
            if not applied:
                assert entitlements[f"payment:{order.id}"] == 0
                continue
            assert order.payment_key == applied[0].key
            refunded = applied[0].refunded_at is not None
            assert (order.state is OrderState.REFUNDED) == refunded
            if order.product == "credits_100":
                unrefunded_packs += not refunded
            else:
                assert entitlements[f"payment:{order.id}"] == 1
                assert (f"payment:{order.id}" in active) == (not refunded)
    if unrefunded_packs or any(o.product == "credits_100" for o in orders):
        try:
            balance = await ctx.ledger.balance(ledger_owner(BUYER), "credits")
        except SleeplabError:
            assert unrefunded_packs == 0
        else:
            assert balance.available == 100 * unrefunded_packs
