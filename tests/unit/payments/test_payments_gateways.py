"""The gateway fakes prove what the real gateways prove, and refuse what they refuse."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlsplit

import pytest

from sleeplab_core.catalog import load_catalog
from sleeplab_core.conversation.events import PaymentSucceeded
from sleeplab_core.kernel.money import Money
from sleeplab_core.payments import (
    BadPayload,
    CallbackRejected,
    FakeRobokassaGateway,
    FakeTelegramGateway,
    Gateway,
    Order,
    PaymentGateway,
    confirmation_from_event,
    encode_payload,
    invoice_for,
    send_invoice,
)
from sleeplab_core.payments.signatures import BadSignature, HashAlgorithm, link_signature

T0 = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
CATALOG = load_catalog()


def an_order(currency: str = "RUB", amount: int = 49000, **changes: object) -> Order:
    fields: dict[str, object] = {
        "id": "ord_7",
        "number": 7,
        "user_id": 42,
        "product": "sleeplab_l1",
        "gateway": Gateway.ROBOKASSA,
        "list_price": Money(amount, currency),
        "amount": Money(amount, currency),
        "created_at": T0,
        "expires_at": T0 + timedelta(hours=1),
        **changes,
    }
    return Order(**fields)  # type: ignore[arg-type]


def test_every_fake_is_a_payment_gateway() -> None:
    gateways: list[PaymentGateway] = [
        FakeTelegramGateway(Gateway.STARS),
        FakeTelegramGateway(Gateway.PROVIDER, "token"),
        FakeRobokassaGateway(),
    ]

    assert [g.gateway for g in gateways] == [Gateway.STARS, Gateway.PROVIDER, Gateway.ROBOKASSA]


async def test_the_robokassa_link_is_signed_with_password_one_over_the_order() -> None:
    robokassa = FakeRobokassaGateway(algorithm=HashAlgorithm.SHA256)
    order = an_order()

    link = await robokassa.create_payment(order, CATALOG.get("sleeplab_l1"))

    params = dict(parse_qsl(urlsplit(link.url).query))
    shp = {"Shp_order": "ord_7", "Shp_user": "42"}
    expected = link_signature(
        "demo", "490.00", "7", "password-one", shp=shp, algorithm=HashAlgorithm.SHA256
    )
    assert params["SignatureValue"] == expected
    assert (params["OutSum"], params["InvId"], params["Shp_order"]) == ("490.00", "7", "ord_7")


def test_a_robokassa_result_callback_proves_the_order_amount_and_payer() -> None:
    robokassa = FakeRobokassaGateway()
    callback = robokassa.result_callback(an_order())
    callback["SignatureValue"] = callback["SignatureValue"].upper()  # any case is fine

    confirmation = robokassa.verify_callback(callback)

    assert confirmation.gateway is Gateway.ROBOKASSA
    assert confirmation.payment_id == "7"
    assert confirmation.order_id == "ord_7"
    assert confirmation.amount == Money(49000, "RUB")
    assert confirmation.payer_id == 42


@pytest.mark.parametrize(
    "tamper",
    [
        {"Shp_order": "ord_8"},
        {"Shp_user": "43"},
        {"OutSum": "1.000000"},
        {"InvId": "8"},
        {"SignatureValue": "0" * 32},
    ],
)
def test_a_tampered_robokassa_callback_is_rejected(tamper: dict[str, str]) -> None:
    robokassa = FakeRobokassaGateway()

    with pytest.raises(BadSignature):
        robokassa.verify_callback(robokassa.result_callback(an_order()) | tamper)


def test_a_robokassa_callback_signed_with_another_password_is_rejected() -> None:
    impostor = FakeRobokassaGateway(password2="guessed")

    with pytest.raises(BadSignature):
        FakeRobokassaGateway().verify_callback(impostor.result_callback(an_order()))


def test_a_robokassa_callback_without_a_signature_is_malformed() -> None:
    callback = FakeRobokassaGateway().result_callback(an_order())
    del callback["SignatureValue"]

    with pytest.raises(CallbackRejected):
        FakeRobokassaGateway().verify_callback(callback)


def test_a_stars_invoice_has_no_provider_token_and_one_price_item() -> None:
    order = an_order("XTR", 200, gateway=Gateway.STARS)
    invoice = invoice_for(order, CATALOG.get("sleeplab_l1"), provider_token="ignored")

    action = send_invoice(invoice, lambda message: message.key)

    assert action.provider_token == ""
    assert action.currency == "XTR"
    assert [p.amount for p in action.prices] == [200]
    assert action.title == "product.sleeplab_l1.title"
    assert action.payload == encode_payload("ord_7")


def test_a_provider_invoice_carries_the_provider_token() -> None:
    order = an_order(gateway=Gateway.PROVIDER)

    invoice = invoice_for(order, CATALOG.get("sleeplab_l1"), provider_token="provider-token")

    assert invoice.provider_token == "provider-token"
    assert invoice.subscription_period is None


def test_the_stars_gateway_refuses_a_payment_in_another_currency() -> None:
    fields = FakeTelegramGateway.successful_payment(an_order(), "c-1")

    with pytest.raises(CallbackRejected):
        FakeTelegramGateway(Gateway.STARS).verify_callback(fields)


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"invoice_payload": "not-ours"}, BadPayload),
        ({"total_amount": "-5"}, CallbackRejected),
        ({"total_amount": "0"}, CallbackRejected),
        ({"total_amount": "12.5"}, CallbackRejected),
        ({"telegram_payment_charge_id": ""}, CallbackRejected),
        ({"currency": "rouble"}, CallbackRejected),
    ],
)
def test_a_malformed_successful_payment_is_refused(
    change: dict[str, str], error: type[Exception]
) -> None:
    fields = FakeTelegramGateway.successful_payment(an_order("XTR", 250), "c-1") | change

    with pytest.raises(error):
        FakeTelegramGateway(Gateway.STARS).verify_callback(fields)


def test_a_successful_payment_event_becomes_a_confirmation() -> None:
    event = PaymentSucceeded(
        user_id=42,
        payload=encode_payload("ord_7"),
        currency="XTR",
        total_amount=250,
        telegram_charge_id="stxABC",
        is_recurring=True,
    )

    confirmation = confirmation_from_event(event)

    assert confirmation.gateway is Gateway.STARS
    assert (confirmation.order_id, confirmation.payment_id) == ("ord_7", "stxABC")
    assert confirmation.amount == Money(250, "XTR")
    assert confirmation.is_recurring
    assert confirmation.payer_id == 42
