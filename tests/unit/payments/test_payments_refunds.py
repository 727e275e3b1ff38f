"""Refunds take back what a payment gave, once: entitlements, credits, subscription time."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest

from sleeplab_core.catalog import load_catalog
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.kernel.money import Money
from sleeplab_core.ledger import InMemoryLedger, Leg
from sleeplab_core.payments import (
    Confirmation,
    CreditsAlreadySpent,
    FakeTelegramGateway,
    Gateway,
    OrderNotPayable,
    OrderState,
    PaymentsContext,
    RefundFailed,
    SubscriptionStatus,
    UnknownPayment,
    apply_refund,
    confirm_payment,
    create_order,
    get_order,
    ledger_owner,
    refund_order,
    subscription_of,
)
from sleeplab_core.storage import InMemoryStore

BUYER = 42


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


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


async def bought(
    ctx: PaymentsContext, stars: FakeTelegramGateway, product: str, charge: str
) -> Confirmation:
    order = await create_order(ctx, user_id=BUYER, product_code=product, gateway=Gateway.STARS)
    return await confirm_payment(
        ctx, stars.verify_callback(stars.successful_payment(order, charge))
    )


async def active_products(store: InMemoryStore, clock: FakeClock) -> list[str]:
    async with store() as uow:
        return [e.product for e in await uow.entitlements.active(BUYER, clock.now())]


async def test_a_refunded_level_is_locked_again_and_the_gateway_was_asked_once(
    ctx: PaymentsContext, store: InMemoryStore, clock: FakeClock, stars: FakeTelegramGateway
) -> None:
    paid = await bought(ctx, stars, "sleeplab_l1", "c-1")
    assert await active_products(store, clock) == ["sleeplab_l1"]
    clock.advance(timedelta(minutes=5))

    refund = await refund_order(ctx, stars, paid.order.id)

    assert stars.refunds == ["c-1"]
    assert refund.order.state is OrderState.REFUNDED
    assert await active_products(store, clock) == []


async def test_a_refunded_payment_message_repeated_applies_once(
    ctx: PaymentsContext, store: InMemoryStore, clock: FakeClock, stars: FakeTelegramGateway
) -> None:
    paid = await bought(ctx, stars, "sleeplab_l2", "c-2")

    first = await apply_refund(ctx, Gateway.STARS, "c-2")
    second = await apply_refund(ctx, Gateway.STARS, "c-2")

    assert not first.replay
    assert second.replay
    assert second.payment.refunded_at == first.payment.refunded_at
    assert (await get_order(ctx, paid.order.id)).state is OrderState.REFUNDED


async def test_refunding_an_unknown_payment_is_a_typed_not_found(ctx: PaymentsContext) -> None:
    with pytest.raises(UnknownPayment):
        await apply_refund(ctx, Gateway.STARS, "never-seen")


async def test_an_unpaid_order_cannot_be_refunded(
    ctx: PaymentsContext, stars: FakeTelegramGateway
) -> None:
    order = await create_order(
        ctx, user_id=BUYER, product_code="sleeplab_l1", gateway=Gateway.STARS
    )

    with pytest.raises(OrderNotPayable):
        await refund_order(ctx, stars, order.id)
    assert stars.refunds == []


async def test_a_refused_gateway_refund_changes_nothing(
    ctx: PaymentsContext, store: InMemoryStore, clock: FakeClock, stars: FakeTelegramGateway
) -> None:
    paid = await bought(ctx, stars, "sleeplab_l1", "c-3")
    stars.refuse_refunds = True

    with pytest.raises(RefundFailed):
        await refund_order(ctx, stars, paid.order.id)

    assert (await get_order(ctx, paid.order.id)).state is OrderState.PAID
    assert await active_products(store, clock) == ["sleeplab_l1"]


async def test_a_credits_pack_refund_takes_the_credits_back(
    ctx: PaymentsContext, stars: FakeTelegramGateway
) -> None:
    paid = await bought(ctx, stars, "credits_100", "c-4")

    await refund_order(ctx, stars, paid.order.id)

    assert (await ctx.ledger.balance(ledger_owner(BUYER), "credits")).available == 0


async def test_a_credits_pack_partly_spent_is_not_refunded(
    ctx: PaymentsContext, stars: FakeTelegramGateway
) -> None:
    paid = await bought(ctx, stars, "credits_100", "c-5")
    await ctx.ledger.open_account("system:spent", "credits", allow_negative=True)
    await ctx.ledger.transfer(
        "answer-1", Leg(ledger_owner(BUYER), "system:spent", Money(1, "credits"))
    )

    with pytest.raises(CreditsAlreadySpent):
        await refund_order(ctx, stars, paid.order.id)
    assert stars.refunds == []


async def test_a_refunded_subscription_ends_at_once(
    ctx: PaymentsContext, clock: FakeClock, store: InMemoryStore, stars: FakeTelegramGateway
) -> None:
    paid = await bought(ctx, stars, "assistant_monthly", "c-6")
    clock.advance(timedelta(days=2))

    await refund_order(ctx, stars, paid.order.id)

    subscription = await subscription_of(ctx, BUYER, "assistant_monthly")
    assert subscription is not None
    assert subscription.status_at(clock.now()) is SubscriptionStatus.EXPIRED
    assert await active_products(store, clock) == []
