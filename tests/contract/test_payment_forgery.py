"""Forged or misdirected confirmations are refused, logged and never applied, on every backend.

A confirmation pays an order only when its gateway, amount, currency, order number and payer
are the order's own: a Telegram ``successful_payment`` never pays a Robokassa order, a
Robokassa ``InvId`` or ``Shp_user`` names its own order and buyer, a Tilda token's buyer is the
order's. Each case leaves the order open, stores no payment and grants nothing.
"""

from __future__ import annotations

import itertools
import logging
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import SecretStr

from adapters.pay_robokassa.gateway import RobokassaGateway
from adapters.pay_robokassa.settings import RobokassaSettings
from adapters.pay_tilda.gateway import TildaGateway
from sleeplab_core.catalog import load_catalog
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.ledger import InMemoryLedger
from sleeplab_core.payments import (
    AmountMismatch,
    FakeTelegramGateway,
    Gateway,
    GatewayConfirmation,
    Order,
    OrderMismatch,
    OrderState,
    PaymentsContext,
    PaymentsUnitOfWorkFactory,
    confirm_payment,
    create_order,
)
from sleeplab_core.payments.signatures import (
    HashAlgorithm,
    UserToken,
    result_signature,
    sign_user_token,
)

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
BUYER = 7_412_345_678
INTRUDER = 5_000_000_001
PASSWORD2 = "canary-robokassa-password-two-0123456789"
TOKEN_KEY = b"canary-tilda-token-key-0123456789abcdef"
ROBOKASSA = RobokassaSettings(
    login="demo",
    password1=SecretStr("canary-robokassa-password-one-0123456789"),
    password2=SecretStr(PASSWORD2),
    hash=HashAlgorithm.SHA256,
)


def context(uow_factory: PaymentsUnitOfWorkFactory) -> PaymentsContext:
    numbers = itertools.count(1)
    clock = FakeClock(T0)
    return PaymentsContext(
        uow=uow_factory,
        catalog=load_catalog(),
        clock=clock,
        ledger=InMemoryLedger(clock),
        new_order_id=lambda: f"ord_{next(numbers):016x}",
    )


def robokassa_result(order: Order, *, inv_id: int, user_id: int) -> dict[str, str]:
    """A ResultURL call signed with Password#2 (a leaked password, or a provider's slip)."""
    out_sum = f"{order.amount.to_decimal_string()}0000"
    shp = {"Shp_order": order.id, "Shp_user": str(user_id)}
    signature = result_signature(
        out_sum, str(inv_id), PASSWORD2, shp=shp, algorithm=HashAlgorithm.SHA256
    )
    return {"OutSum": out_sum, "InvId": str(inv_id), "SignatureValue": signature, **shp}


def tilda_form(order: Order, *, user_id: int) -> dict[str, str]:
    token = sign_user_token(UserToken(user_id, order.id, T0 + timedelta(days=3)), TOKEN_KEY)
    amount = order.amount.to_decimal_string()
    return {
        "tranid": "1234:5678",
        "formid": "form1",
        "sleeplab_token": token,
        "payment": f'{{"orderid": "tilda-77", "amount": "{amount}", "products": []}}',
    }


class ForgeryContract:
    """Subclass and provide ``uow_factory``."""

    @pytest.fixture
    def uow_factory(self) -> PaymentsUnitOfWorkFactory:
        raise NotImplementedError

    async def _order(self, ctx: PaymentsContext, gateway: Gateway, user_id: int = BUYER) -> Order:
        return await create_order(ctx, user_id=user_id, product_code="sleeplab_l1", gateway=gateway)

    async def _assert_untouched(self, ctx: PaymentsContext, order: Order) -> None:
        async with ctx.uow() as uow:
            stored = await uow.orders.get(order.id)
            records = await uow.payments.for_order(order.id)
            buyer = await uow.entitlements.all_for(order.user_id)
            intruder = await uow.entitlements.all_for(INTRUDER)
        assert stored is not None
        assert stored.state is OrderState.AWAITING_PAYMENT or stored.state is OrderState.CREATED
        assert records == []
        assert buyer == intruder == []

    async def test_a_telegram_payment_never_pays_a_robokassa_order(
        self, uow_factory: PaymentsUnitOfWorkFactory, caplog: pytest.LogCaptureFixture
    ) -> None:
        ctx = context(uow_factory)
        order = await self._order(ctx, Gateway.ROBOKASSA)
        forged = FakeTelegramGateway(Gateway.PROVIDER).verify_callback(
            FakeTelegramGateway.successful_payment(order, "forged-charge")
        )

        with caplog.at_level(logging.WARNING), pytest.raises(OrderMismatch) as refused:
            await confirm_payment(ctx, forged)

        assert refused.value.what == "gateway"
        assert f"not that of order {order.id}" in caplog.text
        assert "forged-charge" not in caplog.text
        await self._assert_untouched(ctx, order)

    async def test_stars_never_pay_a_tilda_order(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        ctx = context(uow_factory)
        order = await self._order(ctx, Gateway.TILDA)
        forged = GatewayConfirmation(
            gateway=Gateway.STARS,
            payment_id="stars-charge",
            order_id=order.id,
            amount=order.amount,
            payer_id=BUYER,
        )

        with pytest.raises(OrderMismatch):
            await confirm_payment(ctx, forged)

        await self._assert_untouched(ctx, order)

    async def test_a_robokassa_callback_with_another_orders_inv_id_is_refused(
        self, uow_factory: PaymentsUnitOfWorkFactory, caplog: pytest.LogCaptureFixture
    ) -> None:
        ctx = context(uow_factory)
        order = await self._order(ctx, Gateway.ROBOKASSA)
        gateway = RobokassaGateway(ROBOKASSA)
        forged = gateway.verify_callback(
            robokassa_result(order, inv_id=order.number + 1000, user_id=BUYER)
        )

        with caplog.at_level(logging.WARNING), pytest.raises(OrderMismatch) as refused:
            await confirm_payment(ctx, forged)

        assert refused.value.what == "order_number"
        assert PASSWORD2 not in caplog.text
        await self._assert_untouched(ctx, order)

    async def test_a_robokassa_callback_naming_another_buyer_is_refused(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        ctx = context(uow_factory)
        order = await self._order(ctx, Gateway.ROBOKASSA)
        forged = RobokassaGateway(ROBOKASSA).verify_callback(
            robokassa_result(order, inv_id=order.number, user_id=INTRUDER)
        )

        with pytest.raises(OrderMismatch) as refused:
            await confirm_payment(ctx, forged)

        assert refused.value.what == "payer"
        await self._assert_untouched(ctx, order)

    async def test_the_genuine_robokassa_callback_still_pays(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        ctx = context(uow_factory)
        order = await self._order(ctx, Gateway.ROBOKASSA)
        genuine = RobokassaGateway(ROBOKASSA).verify_callback(
            robokassa_result(order, inv_id=order.number, user_id=BUYER)
        )

        result = await confirm_payment(ctx, genuine)

        assert result.order.state is OrderState.PAID
        assert result.granted

    async def test_a_telegram_payment_by_another_user_is_refused(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        ctx = context(uow_factory)
        order = await self._order(ctx, Gateway.STARS)
        fields = FakeTelegramGateway.successful_payment(order, "charge-by-intruder")
        fields["user_id"] = str(INTRUDER)

        with pytest.raises(OrderMismatch):
            await confirm_payment(ctx, FakeTelegramGateway(Gateway.STARS).verify_callback(fields))

        await self._assert_untouched(ctx, order)

    async def test_a_telegram_payment_in_another_currency_or_amount_is_refused(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        ctx = context(uow_factory)
        order = await self._order(ctx, Gateway.STARS)
        cheaper = FakeTelegramGateway.successful_payment(order, "cheap", amount=1)
        stars = FakeTelegramGateway(Gateway.STARS)

        with pytest.raises(AmountMismatch):
            await confirm_payment(ctx, stars.verify_callback(cheaper))

        await self._assert_untouched(ctx, order)

    async def test_a_tilda_token_of_another_buyer_is_refused(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        ctx = context(uow_factory)
        order = await self._order(ctx, Gateway.TILDA)
        gateway = TildaGateway(
            page_url="https://example.tilda.ws/pay",
            webhook_secret="x" * 32,
            token_secret=TOKEN_KEY,
            clock=ctx.clock,
        )
        forged = gateway.verify_callback(tilda_form(order, user_id=INTRUDER))

        with pytest.raises(OrderMismatch):
            await confirm_payment(ctx, forged)

        await self._assert_untouched(ctx, order)


class TestForgeryInMemory(ForgeryContract):
    @pytest.fixture
    def uow_factory(
        self, memory_uow_factory: PaymentsUnitOfWorkFactory
    ) -> PaymentsUnitOfWorkFactory:
        return memory_uow_factory


class TestForgeryOnTortoiseSqlite(ForgeryContract):
    @pytest.fixture
    def uow_factory(
        self, sqlite_uow_factory: PaymentsUnitOfWorkFactory
    ) -> PaymentsUnitOfWorkFactory:
        return sqlite_uow_factory


@pytest.mark.postgres
class TestForgeryOnTortoisePostgres(ForgeryContract):
    @pytest.fixture
    def uow_factory(
        self, postgres_uow_factory: PaymentsUnitOfWorkFactory
    ) -> PaymentsUnitOfWorkFactory:
        return postgres_uow_factory
