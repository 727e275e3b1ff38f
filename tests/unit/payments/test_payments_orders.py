"""Orders: payloads, the state machine, creation rules, pre-checkout answers, expiry."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleeplab_core.catalog import PriceNotFound, UnknownProduct, load_catalog
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.kernel.i18n import Message
from sleeplab_core.kernel.money import Money
from sleeplab_core.ledger import InMemoryLedger
from sleeplab_core.payments import (
    BadPayload,
    FakeTelegramGateway,
    Gateway,
    GatewayMismatch,
    InvalidTransition,
    Order,
    OrderNotPayable,
    OrderState,
    PaymentsContext,
    answer,
    cancel_order,
    check_pre_checkout,
    create_order,
    decode_payload,
    encode_payload,
    expire_orders,
    new_order_id,
    pre_checkout,
    start_payment,
)
from sleeplab_core.payments.model import ALLOWED
from sleeplab_core.payments.payload import MAX_PAYLOAD_BYTES
from sleeplab_core.storage import InMemoryStore

T0 = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
ORDER_IDS = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-",
    min_size=1,
    max_size=50,
)


def an_order(**changes: object) -> Order:
    fields: dict[str, object] = {
        "id": "ord_1",
        "number": 1,
        "user_id": 42,
        "product": "sleeplab_l1",
        "gateway": Gateway.STARS,
        "list_price": Money(250, "XTR"),
        "amount": Money(250, "XTR"),
        "created_at": T0,
        "expires_at": T0 + timedelta(hours=1),
        **changes,
    }
    return Order(**fields)  # type: ignore[arg-type]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0)


@pytest.fixture
def ctx(clock: FakeClock) -> PaymentsContext:
    numbers = itertools.count(1)
    return PaymentsContext(
        uow=InMemoryStore(),
        catalog=load_catalog(),
        clock=clock,
        ledger=InMemoryLedger(clock),
        new_order_id=lambda: f"ord_{next(numbers)}",
    )


# payloads ---------------------------------------------------------------------------------


@given(ORDER_IDS)
def test_a_payload_names_its_order_and_fits_telegrams_limit(order_id: str) -> None:
    payload = encode_payload(order_id)

    assert decode_payload(payload) == order_id
    assert len(payload.encode()) <= MAX_PAYLOAD_BYTES


@given(st.text(max_size=300))
def test_text_that_is_not_our_payload_is_refused(text: str) -> None:
    try:
        order_id = decode_payload(text)
    except BadPayload:
        return
    assert encode_payload(order_id) == text


def test_generated_order_ids_are_distinct_and_payload_safe() -> None:
    ids = {new_order_id() for _ in range(1000)}

    assert len(ids) == 1000
    assert all(decode_payload(encode_payload(i)) == i for i in ids)


# the state machine ------------------------------------------------------------------------


@given(st.lists(st.sampled_from(list(OrderState)), max_size=8))
def test_orders_move_only_along_allowed_transitions(steps: list[OrderState]) -> None:
    order = an_order()
    history = [order.state]
    for wanted in steps:
        try:
            order = order.moved_to(wanted, T0, payment_key="stars:c")
        except InvalidTransition:
            assert wanted not in ALLOWED[history[-1]]
            continue
        history.append(order.state)

    assert all(b in ALLOWED[a] for a, b in itertools.pairwise(history))
    assert (order.paid_at is not None) == (OrderState.PAID in history)
    if OrderState.REFUNDED in history:
        assert history.index(OrderState.PAID) < history.index(OrderState.REFUNDED)


def test_an_open_order_past_its_expiry_reads_as_expired_and_is_not_payable() -> None:
    order = an_order()

    assert order.is_payable(T0)
    assert order.state_at(order.expires_at) is OrderState.EXPIRED
    assert not order.is_payable(order.expires_at)


# pre-checkout -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("order", "currency", "amount", "key"),
    [
        (None, "XTR", 250, "payments.precheckout.unknown_order"),
        (an_order(), "XTR", 249, "payments.precheckout.wrong_amount"),
        (an_order(), "RUB", 250, "payments.precheckout.wrong_amount"),
        (an_order(state=OrderState.PAID), "XTR", 250, "payments.precheckout.not_payable"),
        (an_order(expires_at=T0), "XTR", 250, "payments.precheckout.not_payable"),
    ],
)
def test_pre_checkout_refuses_with_a_message_key(
    order: Order | None, currency: str, amount: int, key: str
) -> None:
    verdict = check_pre_checkout(order, currency=currency, total_amount=amount, now=T0)

    assert not verdict.ok
    assert verdict.message == Message(key)


def test_pre_checkout_refuses_a_payer_other_than_the_orders_user() -> None:
    verdict = check_pre_checkout(an_order(), currency="XTR", total_amount=250, now=T0, payer=7)
    own = check_pre_checkout(an_order(), currency="XTR", total_amount=250, now=T0, payer=42)

    assert not verdict.ok
    assert verdict.message == Message("payments.precheckout.wrong_payer")
    assert own.ok


def test_pre_checkout_accepts_an_open_order_at_its_own_price() -> None:
    verdict = check_pre_checkout(an_order(), currency="XTR", total_amount=250, now=T0)

    assert verdict.ok
    assert verdict.order_id == "ord_1"


async def test_pre_checkout_with_a_foreign_payload_answers_unknown_order(
    ctx: PaymentsContext,
) -> None:
    verdict = await pre_checkout(ctx, payload="something-else", currency="XTR", total_amount=1)

    action = answer(verdict, "q-1", lambda message: f"<{message.key}>")

    assert not action.ok
    assert action.error_message == "<payments.precheckout.unknown_order>"


# creating, cancelling, expiring ------------------------------------------------------------


async def test_orders_get_sequential_numbers_and_the_catalog_price(ctx: PaymentsContext) -> None:
    first = await create_order(ctx, user_id=1, product_code="sleeplab_l1", gateway=Gateway.STARS)
    second = await create_order(
        ctx, user_id=2, product_code="sleeplab_l1", gateway=Gateway.ROBOKASSA
    )

    assert (first.number, second.number) == (1, 2)
    assert first.amount == Money(250, "XTR")
    assert second.amount == Money(49000, "RUB")
    assert first.expires_at == T0 + ctx.order_lifetime


@pytest.mark.parametrize(
    ("product", "gateway", "currency", "error"),
    [
        ("no_such_thing", Gateway.STARS, None, UnknownProduct),
        ("sleeplab_l1", Gateway.STARS, "RUB", GatewayMismatch),
        ("sleeplab_l1", Gateway.ROBOKASSA, "XTR", GatewayMismatch),
        ("sleeplab_l1", Gateway.PROVIDER, "USD", PriceNotFound),
    ],
)
async def test_an_order_that_cannot_be_priced_is_refused(
    ctx: PaymentsContext,
    product: str,
    gateway: Gateway,
    currency: str | None,
    error: type[Exception],
) -> None:
    with pytest.raises(error):
        await create_order(ctx, user_id=1, product_code=product, gateway=gateway, currency=currency)


async def test_starting_payment_marks_the_order_awaiting_and_refuses_other_gateways(
    ctx: PaymentsContext,
) -> None:
    order = await create_order(ctx, user_id=1, product_code="sleeplab_l1", gateway=Gateway.STARS)

    await start_payment(ctx, FakeTelegramGateway(Gateway.STARS), order.id)
    with pytest.raises(GatewayMismatch):
        await start_payment(ctx, FakeTelegramGateway(Gateway.PROVIDER), order.id)

    async with ctx.uow() as uow:
        stored = await uow.orders.get(order.id)
    assert stored is not None
    assert stored.state is OrderState.AWAITING_PAYMENT


async def test_a_cancelled_or_expired_order_cannot_start_a_payment(
    ctx: PaymentsContext, clock: FakeClock
) -> None:
    stars = FakeTelegramGateway(Gateway.STARS)
    cancelled = await create_order(
        ctx, user_id=1, product_code="sleeplab_l1", gateway=Gateway.STARS
    )
    late = await create_order(ctx, user_id=1, product_code="sleeplab_l1", gateway=Gateway.STARS)
    await cancel_order(ctx, cancelled.id)
    clock.advance(ctx.order_lifetime)

    with pytest.raises(OrderNotPayable):
        await start_payment(ctx, stars, cancelled.id)
    with pytest.raises(OrderNotPayable):
        await start_payment(ctx, stars, late.id)
    assert stars.invoices == []


async def test_expiring_orders_is_safe_to_repeat(ctx: PaymentsContext, clock: FakeClock) -> None:
    order = await create_order(ctx, user_id=1, product_code="sleeplab_l1", gateway=Gateway.STARS)
    clock.advance(ctx.order_lifetime)

    first = await expire_orders(ctx)
    second = await expire_orders(ctx)

    assert [o.id for o in first] == [order.id]
    assert first[0].state is OrderState.EXPIRED
    assert second == []
