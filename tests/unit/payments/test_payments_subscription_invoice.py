"""A Stars subscription product is offered as a 30-day subscription, a pack as a one-off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from adapters.babel_catalog import load_catalog as load_texts
from sleeplab_core.catalog import load_catalog
from sleeplab_core.kernel.money import Money
from sleeplab_core.payments import Gateway, Order, invoice_for, send_invoice

T0 = datetime(2026, 11, 1, tzinfo=UTC)
TEXTS = load_texts()


def order_of(product: str, amount: int) -> Order:
    price = Money(amount, "XTR")
    return Order(
        id=f"ord_{product}",
        user_id=7,
        product=product,
        gateway=Gateway.STARS,
        list_price=price,
        amount=price,
        created_at=T0,
        expires_at=T0 + timedelta(hours=1),
    )


def render(locale: str):  # type: ignore[no-untyped-def]
    return lambda message: TEXTS.render(locale, message)


def test_a_monthly_product_becomes_a_thirty_day_stars_subscription_invoice() -> None:
    catalog = load_catalog()
    product = catalog.get("assistant_monthly")
    request = invoice_for(order_of(product.code, 300), product)

    action = send_invoice(request, render("ru"))

    assert action.subscription_period == 30 * 24 * 3600
    assert action.currency == "XTR"
    assert len(action.prices) == 1
    assert action.button_label == "Оформить подписку на 30 дней"


def test_a_one_off_product_is_a_plain_invoice() -> None:
    catalog = load_catalog()
    product = catalog.get("sleeplab_l1")
    action = send_invoice(invoice_for(order_of(product.code, 250), product), render("en"))

    assert action.subscription_period is None
    assert action.button_label is None
