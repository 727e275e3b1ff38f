"""Subscriptions: periods, renewal from the period end, cancellation, expiry, one trial."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleeplab_core.catalog import load_catalog
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.kernel.errors import NotFound
from sleeplab_core.ledger import InMemoryLedger
from sleeplab_core.payments import (
    FakeTelegramGateway,
    Gateway,
    NoTrial,
    PaymentOutcome,
    PaymentsContext,
    Subscription,
    SubscriptionStatus,
    TrialAlreadyUsed,
    cancel_subscription,
    confirm_payment,
    create_order,
    start_payment,
    start_trial,
    subscription_of,
)
from sleeplab_core.payments.subscriptions import extend
from sleeplab_core.storage import InMemoryStore

BUYER = 42
MONTH = timedelta(days=30)
T0 = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0)


@pytest.fixture
def store() -> InMemoryStore:
    return InMemoryStore()


@pytest.fixture
def ctx(store: InMemoryStore, clock: FakeClock) -> PaymentsContext:
    numbers = itertools.count(1)
    return PaymentsContext(
        uow=store,
        catalog=load_catalog(),
        clock=clock,
        ledger=InMemoryLedger(clock),
        new_order_id=lambda: f"ord_{next(numbers)}",
    )


@pytest.fixture
def stars() -> FakeTelegramGateway:
    return FakeTelegramGateway(Gateway.STARS)


async def active_products(store: InMemoryStore, clock: FakeClock) -> list[str]:
    async with store() as uow:
        return sorted({e.product for e in await uow.entitlements.active(BUYER, clock.now())})


offsets = st.integers(min_value=-90 * 24 * 60, max_value=90 * 24 * 60).map(
    lambda m: timedelta(minutes=m)
)


@given(end_offset=offsets, period_days=st.integers(min_value=1, max_value=366))
def test_a_paid_period_extends_from_the_later_of_the_period_end_and_now(
    end_offset: timedelta, period_days: int
) -> None:
    period = timedelta(days=period_days)
    current = Subscription(
        user_id=BUYER, product="p", started_at=T0 - MONTH, period_end=T0 + end_offset
    )

    renewed = extend(current, user_id=BUYER, product="p", period=period, now=T0, order_id="o")

    assert renewed.period_end == max(current.period_end, T0) + period
    assert renewed.renews
    assert renewed.status_at(T0) is SubscriptionStatus.ACTIVE


def test_a_cancelled_subscription_stays_active_until_its_period_ends() -> None:
    subscription = Subscription(user_id=BUYER, product="p", started_at=T0, period_end=T0 + MONTH)

    cancelled = subscription.cancelled()

    assert cancelled.status_at(T0 + MONTH - timedelta(seconds=1)) is SubscriptionStatus.CANCELLED
    assert cancelled.is_active(T0 + MONTH - timedelta(seconds=1))
    assert cancelled.status_at(T0 + MONTH) is SubscriptionStatus.EXPIRED


async def test_a_stars_subscription_invoice_carries_the_thirty_day_period(
    ctx: PaymentsContext, stars: FakeTelegramGateway
) -> None:
    order = await create_order(
        ctx, user_id=BUYER, product_code="assistant_monthly", gateway=Gateway.STARS
    )

    invoice = await start_payment(ctx, stars, order.id)

    assert getattr(invoice, "subscription_period", None) == 2_592_000


async def test_a_recurring_payment_renews_from_the_current_period_end(
    ctx: PaymentsContext, clock: FakeClock, store: InMemoryStore, stars: FakeTelegramGateway
) -> None:
    order = await create_order(
        ctx, user_id=BUYER, product_code="assistant_monthly", gateway=Gateway.STARS
    )
    await confirm_payment(ctx, stars.verify_callback(stars.successful_payment(order, "first")))
    clock.advance(MONTH - timedelta(hours=1))  # Telegram charges shortly before the end

    renewal = await confirm_payment(
        ctx, stars.verify_callback(stars.successful_payment(order, "second", recurring=True))
    )

    assert renewal.payment.outcome is PaymentOutcome.RENEWAL
    subscription = await subscription_of(ctx, BUYER, "assistant_monthly")
    assert subscription is not None
    assert subscription.period_end == T0 + 2 * MONTH
    clock.advance(MONTH)
    assert await active_products(store, clock) == ["assistant_monthly"]
    clock.advance(timedelta(hours=1))
    assert await active_products(store, clock) == []


async def test_a_second_non_recurring_payment_of_a_subscription_order_is_a_duplicate(
    ctx: PaymentsContext, stars: FakeTelegramGateway
) -> None:
    order = await create_order(
        ctx, user_id=BUYER, product_code="assistant_monthly", gateway=Gateway.STARS
    )
    await confirm_payment(ctx, stars.verify_callback(stars.successful_payment(order, "first")))

    again = await confirm_payment(
        ctx, stars.verify_callback(stars.successful_payment(order, "other"))
    )

    assert again.payment.outcome is PaymentOutcome.DUPLICATE
    subscription = await subscription_of(ctx, BUYER, "assistant_monthly")
    assert subscription is not None
    assert subscription.period_end == T0 + MONTH


async def test_cancelling_keeps_access_until_the_paid_period_ends(
    ctx: PaymentsContext, clock: FakeClock, store: InMemoryStore, stars: FakeTelegramGateway
) -> None:
    order = await create_order(
        ctx, user_id=BUYER, product_code="coach_monthly", gateway=Gateway.STARS
    )
    await confirm_payment(ctx, stars.verify_callback(stars.successful_payment(order, "c")))

    cancelled = await cancel_subscription(ctx, BUYER, "coach_monthly")

    assert cancelled.status_at(clock.now()) is SubscriptionStatus.CANCELLED
    clock.advance(MONTH - timedelta(seconds=1))
    assert await active_products(store, clock) == ["coach_monthly"]
    clock.advance(timedelta(seconds=1))
    assert await active_products(store, clock) == []


async def test_cancelling_a_subscription_that_does_not_exist_is_not_found(
    ctx: PaymentsContext,
) -> None:
    with pytest.raises(NotFound):
        await cancel_subscription(ctx, BUYER, "coach_monthly")


async def test_the_free_trial_is_granted_once_per_user_even_when_claimed_concurrently(
    ctx: PaymentsContext, clock: FakeClock, store: InMemoryStore
) -> None:
    results = await asyncio.gather(
        *(start_trial(ctx, BUYER, "assistant_monthly") for _ in range(10)),
        return_exceptions=True,
    )

    started = [r for r in results if isinstance(r, Subscription)]
    assert len(started) == 1
    assert all(isinstance(r, TrialAlreadyUsed) for r in results if r not in started)
    assert started[0].period_end == T0 + timedelta(days=3)
    assert await active_products(store, clock) == ["assistant_monthly"]


async def test_the_trial_cannot_be_taken_again_after_it_ended(
    ctx: PaymentsContext, clock: FakeClock
) -> None:
    await start_trial(ctx, BUYER, "coach_monthly")
    clock.advance(timedelta(days=30))

    with pytest.raises(TrialAlreadyUsed):
        await start_trial(ctx, BUYER, "coach_monthly")


async def test_a_one_time_product_has_no_trial(ctx: PaymentsContext) -> None:
    with pytest.raises(NoTrial):
        await start_trial(ctx, BUYER, "sleeplab_l1")


async def test_paying_during_the_trial_extends_from_the_trial_end(
    ctx: PaymentsContext, stars: FakeTelegramGateway
) -> None:
    trial = await start_trial(ctx, BUYER, "assistant_monthly")
    order = await create_order(
        ctx, user_id=BUYER, product_code="assistant_monthly", gateway=Gateway.STARS
    )

    await confirm_payment(ctx, stars.verify_callback(stars.successful_payment(order, "c")))

    subscription = await subscription_of(ctx, BUYER, "assistant_monthly")
    assert subscription is not None
    assert subscription.period_end == trial.period_end + MONTH
    assert not subscription.trial
