"""Buying through the payments use cases, edge to edge on the in-memory store and ledger.

create order → pre-checkout → successful payment (replayed, concurrent, via two gateways)
→ exactly one paid order, one entitlement, one promo redemption, one ledger booking.
"""

from __future__ import annotations

import asyncio
import itertools
from datetime import timedelta

import pytest

from sleeplab_core.catalog import load_catalog
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.ledger import InMemoryLedger
from sleeplab_core.payments import (
    AmountMismatch,
    FakeRobokassaGateway,
    FakeTelegramGateway,
    Gateway,
    InvoiceRequest,
    OrderMismatch,
    OrderState,
    PaymentConflict,
    PaymentLink,
    PaymentOutcome,
    PaymentsContext,
    UnknownOrder,
    confirm_payment,
    create_order,
    encode_payload,
    expire_orders,
    get_order,
    ledger_owner,
    pre_checkout,
    start_payment,
)
from sleeplab_core.payments.signatures import BadSignature
from sleeplab_core.promo import DiscountKind, PromoCode, RedemptionState
from sleeplab_core.storage import InMemoryStore

BUYER = 7_412_345_678


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


@pytest.fixture
def robokassa() -> FakeRobokassaGateway:
    return FakeRobokassaGateway()


async def add_promo(store: InMemoryStore, promo: PromoCode) -> None:
    async with store() as uow:
        await uow.promos.save(promo)
        await uow.commit()


async def entitlements_of(store: InMemoryStore, user_id: int) -> list[tuple[str, str]]:
    async with store() as uow:
        return [(e.product, e.source) for e in await uow.entitlements.all_for(user_id)]


async def test_a_stars_purchase_with_a_promo_confirms_exactly_once_despite_replays(
    ctx: PaymentsContext, store: InMemoryStore, stars: FakeTelegramGateway
) -> None:
    await add_promo(store, PromoCode(code="SLEEP20", kind=DiscountKind.PERCENT, percent=20))
    order = await create_order(
        ctx, user_id=BUYER, product_code="sleeplab_l1", gateway=Gateway.STARS, promo_code="sleep20"
    )
    invoice = await start_payment(ctx, stars, order.id)
    assert isinstance(invoice, InvoiceRequest)
    assert (invoice.currency, invoice.amount, invoice.provider_token) == ("XTR", 200, "")
    verdict = await pre_checkout(
        ctx, payload=invoice.payload, currency=invoice.currency, total_amount=invoice.amount
    )
    assert verdict.ok
    callback = stars.successful_payment(order, "charge-1")

    results = [await confirm_payment(ctx, stars.verify_callback(callback)) for _ in range(3)]
    results += await asyncio.gather(
        *(confirm_payment(ctx, stars.verify_callback(callback)) for _ in range(10))
    )

    assert [r.replay for r in results].count(False) == 1
    assert {r.payment for r in results} == {results[0].payment}
    paid = await get_order(ctx, order.id)
    assert paid.state is OrderState.PAID
    assert paid.payment_key == "stars:charge-1"
    assert await entitlements_of(store, BUYER) == [("sleeplab_l1", f"payment:{order.id}")]
    async with store() as uow:
        uses = await uow.promos.uses("SLEEP20")
        assert [u.state for u in uses] == [RedemptionState.REDEEMED]
        assert len(await uow.payments.for_order(order.id)) == 1


async def test_a_robokassa_confirmation_after_a_stars_one_for_the_same_order_has_no_effect(
    ctx: PaymentsContext,
    store: InMemoryStore,
    stars: FakeTelegramGateway,
    robokassa: FakeRobokassaGateway,
) -> None:
    order = await create_order(
        ctx, user_id=BUYER, product_code="sleeplab_l1", gateway=Gateway.STARS
    )
    await confirm_payment(ctx, stars.verify_callback(stars.successful_payment(order, "c-1")))
    roubles = robokassa.verify_callback(robokassa.result_callback(order, out_sum="490.000000"))

    with pytest.raises(OrderMismatch):  # a Stars order is never paid through Robokassa
        await confirm_payment(ctx, roubles)

    assert await entitlements_of(store, BUYER) == [("sleeplab_l1", f"payment:{order.id}")]
    assert (await get_order(ctx, order.id)).payment_key == "stars:c-1"


async def test_a_payment_of_a_paid_order_through_another_gateway_is_refused_not_recorded(
    ctx: PaymentsContext, store: InMemoryStore, robokassa: FakeRobokassaGateway
) -> None:
    card = FakeTelegramGateway(Gateway.PROVIDER, provider_token="provider-token")
    order = await create_order(
        ctx, user_id=BUYER, product_code="sleeplab_l1", gateway=Gateway.PROVIDER
    )
    await confirm_payment(ctx, card.verify_callback(card.successful_payment(order, "tg-1")))

    with pytest.raises(OrderMismatch):
        await confirm_payment(ctx, robokassa.verify_callback(robokassa.result_callback(order)))

    assert await entitlements_of(store, BUYER) == [("sleeplab_l1", f"payment:{order.id}")]
    assert (await get_order(ctx, order.id)).payment_key == "provider:tg-1"
    async with store() as uow:
        outcomes = [r.outcome for r in await uow.payments.for_order(order.id)]
    assert outcomes == [PaymentOutcome.APPLIED]


async def test_a_robokassa_purchase_confirms_from_the_signed_result_callback(
    ctx: PaymentsContext, store: InMemoryStore, robokassa: FakeRobokassaGateway
) -> None:
    order = await create_order(
        ctx, user_id=BUYER, product_code="sleeplab_l2", gateway=Gateway.ROBOKASSA
    )
    link = await start_payment(ctx, robokassa, order.id)
    assert isinstance(link, PaymentLink)
    assert "OutSum=690.00" in link.url
    assert f"InvId={order.number}" in link.url

    callback = robokassa.result_callback(order)  # OutSum "690.000000", as Robokassa sends it
    first = await confirm_payment(ctx, robokassa.verify_callback(callback))
    again = await confirm_payment(ctx, robokassa.verify_callback(callback))

    assert first.order.state is OrderState.PAID
    assert again.replay
    assert await entitlements_of(store, BUYER) == [("sleeplab_l2", f"payment:{order.id}")]


async def test_a_forged_robokassa_callback_is_rejected_before_anything_is_stored(
    ctx: PaymentsContext, robokassa: FakeRobokassaGateway
) -> None:
    order = await create_order(
        ctx, user_id=BUYER, product_code="sleeplab_l1", gateway=Gateway.ROBOKASSA
    )
    callback = robokassa.result_callback(order) | {"OutSum": "1.000000"}

    with pytest.raises(BadSignature):
        robokassa.verify_callback(callback)
    assert (await get_order(ctx, order.id)).state is OrderState.CREATED


async def test_a_payment_with_another_amount_or_currency_is_refused_and_changes_nothing(
    ctx: PaymentsContext, store: InMemoryStore, stars: FakeTelegramGateway
) -> None:
    order = await create_order(
        ctx, user_id=BUYER, product_code="sleeplab_l1", gateway=Gateway.STARS
    )

    with pytest.raises(AmountMismatch):
        await confirm_payment(
            ctx, stars.verify_callback(stars.successful_payment(order, "c", amount=1))
        )

    assert (await get_order(ctx, order.id)).state is OrderState.CREATED
    assert await entitlements_of(store, BUYER) == []


async def test_a_replayed_payment_id_naming_another_order_is_a_conflict(
    ctx: PaymentsContext, stars: FakeTelegramGateway
) -> None:
    first = await create_order(
        ctx, user_id=BUYER, product_code="sleeplab_l1", gateway=Gateway.STARS
    )
    other = await create_order(
        ctx, user_id=BUYER, product_code="sleeplab_l1", gateway=Gateway.STARS
    )
    await confirm_payment(ctx, stars.verify_callback(stars.successful_payment(first, "same")))

    with pytest.raises(PaymentConflict):
        await confirm_payment(ctx, stars.verify_callback(stars.successful_payment(other, "same")))
    assert (await get_order(ctx, other.id)).state is OrderState.CREATED


async def test_a_payment_for_an_unknown_order_is_a_typed_not_found(
    ctx: PaymentsContext, stars: FakeTelegramGateway
) -> None:
    callback = {
        "invoice_payload": encode_payload("ord_nowhere"),
        "currency": "XTR",
        "total_amount": "250",
        "telegram_payment_charge_id": "c-1",
    }

    with pytest.raises(UnknownOrder):
        await confirm_payment(ctx, stars.verify_callback(callback))


async def test_a_payment_arriving_after_the_order_expired_is_honoured_and_marked_late(
    ctx: PaymentsContext, clock: FakeClock, store: InMemoryStore, stars: FakeTelegramGateway
) -> None:
    order = await create_order(
        ctx, user_id=BUYER, product_code="sleeplab_l1", gateway=Gateway.STARS
    )
    clock.advance(ctx.order_lifetime + timedelta(minutes=1))
    assert [o.id for o in await expire_orders(ctx)] == [order.id]
    verdict = await pre_checkout(
        ctx, payload=encode_payload(order.id), currency="XTR", total_amount=250
    )

    result = await confirm_payment(ctx, stars.verify_callback(stars.successful_payment(order, "c")))

    assert not verdict.ok
    assert result.payment.late
    assert result.order.state is OrderState.PAID
    assert await entitlements_of(store, BUYER) == [("sleeplab_l1", f"payment:{order.id}")]


async def test_a_credits_pack_books_credits_once_even_when_the_callback_repeats(
    ctx: PaymentsContext, stars: FakeTelegramGateway
) -> None:
    order = await create_order(
        ctx, user_id=BUYER, product_code="credits_100", gateway=Gateway.STARS
    )
    callback = stars.successful_payment(order, "c-credits")

    await asyncio.gather(*(confirm_payment(ctx, stars.verify_callback(callback)) for _ in range(5)))

    balance = await ctx.ledger.balance(ledger_owner(BUYER), "credits")
    assert balance.available == 100
    assert len(await ctx.ledger.transfers(f"payment:{order.id}")) == 1


async def test_a_full_discount_completes_the_order_without_any_payment(
    ctx: PaymentsContext, store: InMemoryStore
) -> None:
    await add_promo(store, PromoCode(code="GIFT", kind=DiscountKind.PERCENT, percent=100))

    order = await create_order(
        ctx, user_id=BUYER, product_code="sleeplab_bundle", gateway=Gateway.STARS, promo_code="gift"
    )

    assert order.state is OrderState.PAID
    assert order.amount.amount == 0
    assert await entitlements_of(store, BUYER) == [("sleeplab_bundle", f"payment:{order.id}")]
    async with store() as uow:
        assert [u.state for u in await uow.promos.uses("GIFT")] == [RedemptionState.REDEEMED]


async def test_a_payment_confirmed_before_the_invoice_or_pre_checkout_was_seen_is_applied(
    ctx: PaymentsContext, store: InMemoryStore, stars: FakeTelegramGateway
) -> None:
    order = await create_order(
        ctx, user_id=BUYER, product_code="sleeplab_l1", gateway=Gateway.STARS
    )
    assert order.state is OrderState.CREATED

    result = await confirm_payment(ctx, stars.verify_callback(stars.successful_payment(order, "c")))

    assert result.order.state is OrderState.PAID
    assert not result.payment.late
    assert await entitlements_of(store, BUYER) == [("sleeplab_l1", f"payment:{order.id}")]
