"""The purchase screens' data and every text the payments code can show, in both languages."""

from __future__ import annotations

import itertools

import pytest

from adapters.babel_catalog import load_catalog as load_texts
from sleeplab_core.catalog import PriceNotFound, UnknownProduct, load_catalog, parse_catalog
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.kernel.i18n import Message
from sleeplab_core.kernel.money import Money
from sleeplab_core.ledger import InMemoryLedger
from sleeplab_core.payments import (
    FakeTelegramGateway,
    Gateway,
    PaymentsContext,
    checkout,
    confirm_payment,
    confirmation_notice,
    create_order,
    errors,
    offer_for,
    offers,
    telegram,
)
from sleeplab_core.storage import InMemoryStore

CATALOG = load_catalog()


def test_an_offer_lists_a_price_for_each_configured_gateway_in_order() -> None:
    offer = offer_for(CATALOG, "sleeplab_l1", [Gateway.STARS, Gateway.PROVIDER, Gateway.ROBOKASSA])

    assert [(o.gateway, o.price) for o in offer.options] == [
        (Gateway.STARS, Money(250, "XTR")),
        (Gateway.PROVIDER, Money(49000, "RUB")),
        (Gateway.ROBOKASSA, Money(49000, "RUB")),
    ]
    assert offer.title == Message("product.sleeplab_l1.title")


def test_an_offer_leaves_out_gateways_the_product_has_no_price_for() -> None:
    stars_only = parse_catalog(
        '[[product]]\ncode = "stars_only"\nkind = "entitlement"\nprices = { XTR = 5 }\n'
    )

    offer = offer_for(stars_only, "stars_only", [Gateway.ROBOKASSA, Gateway.STARS])

    assert [o.gateway for o in offer.options] == [Gateway.STARS]


def test_an_offer_for_an_unknown_product_is_refused() -> None:
    with pytest.raises(UnknownProduct):
        offer_for(CATALOG, "nothing", [Gateway.STARS])


async def test_the_buyer_is_told_what_a_confirmation_did() -> None:
    clock, store, numbers = FakeClock(), InMemoryStore(), itertools.count(1)
    ctx = PaymentsContext(
        uow=store,
        catalog=CATALOG,
        clock=clock,
        ledger=InMemoryLedger(clock),
        new_order_id=lambda: f"ord_{next(numbers)}",
    )
    stars = FakeTelegramGateway(Gateway.STARS)
    order = await create_order(ctx, user_id=1, product_code="sleeplab_l1", gateway=Gateway.STARS)
    first = await confirm_payment(ctx, stars.verify_callback(stars.successful_payment(order, "a")))
    twice = await confirm_payment(ctx, stars.verify_callback(stars.successful_payment(order, "b")))

    assert confirmation_notice(first).key == offers.CONFIRMED
    assert confirmation_notice(twice).key == offers.ALREADY_PAID


MESSAGE_KEYS = sorted(
    {
        checkout.UNKNOWN_ORDER,
        checkout.WRONG_AMOUNT,
        checkout.NOT_PAYABLE,
        offers.CONFIRMED,
        offers.FREE_ORDER,
        offers.ALREADY_PAID,
        telegram.PRICE_LABEL_KEY,
        PriceNotFound.message_key,
        UnknownProduct.message_key,
        *(
            getattr(errors, name).message_key
            for name in dir(errors)
            if isinstance(getattr(errors, name), type)
            and hasattr(getattr(errors, name), "message_key")
        ),
    }
)


@pytest.mark.parametrize("key", MESSAGE_KEYS)
def test_every_payments_text_exists_in_both_languages(key: str) -> None:
    texts = load_texts()

    assert texts.has(key)
    assert texts.render("ru", Message(key)) != texts.render("en", Message(key))
