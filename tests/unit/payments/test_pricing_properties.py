"""One price function: what the banner shows is what the order charges, for every product,
promo code and set of products the buyer already owns; an upgrade never costs more than
the parts it still adds."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from sleeplab_core.catalog import load_catalog
from sleeplab_core.entitlements.model import Entitlement
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.kernel.money import Money
from sleeplab_core.ledger import InMemoryLedger
from sleeplab_core.payments import Gateway, PaymentsContext, create_order, offer_for
from sleeplab_core.payments.pricing import missing_parts, quote
from sleeplab_core.promo.model import DiscountKind, PromoCode
from sleeplab_core.storage import InMemoryStore

T0 = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
CATALOG = load_catalog()
ENTITLEMENTS = sorted(p.code for p in CATALOG if p.kind == "entitlement")
GATEWAYS = (Gateway.STARS, Gateway.PROVIDER, Gateway.ROBOKASSA)

percent_codes = st.builds(
    PromoCode,
    code=st.just("PCT"),
    kind=st.just(DiscountKind.PERCENT),
    percent=st.integers(1, 100),
)
fixed_codes = st.builds(
    PromoCode,
    code=st.just("FIX"),
    kind=st.just(DiscountKind.FIXED),
    amounts=st.dictionaries(
        st.sampled_from(["XTR", "RUB", "EUR"]), st.integers(1, 200_000), min_size=1
    ),
)
promos = st.one_of(st.none(), percent_codes, fixed_codes)
owned_sets = st.frozensets(st.sampled_from(ENTITLEMENTS))


@settings(max_examples=150, deadline=None)
@given(product=st.sampled_from(ENTITLEMENTS), promo=promos, owned=owned_sets)
async def test_the_price_shown_is_the_price_charged(
    product: str, promo: PromoCode | None, owned: frozenset[str]
) -> None:
    store = InMemoryStore()
    clock = FakeClock(T0)
    numbers = itertools.count(1)
    ctx = PaymentsContext(
        uow=store,
        catalog=CATALOG,
        clock=clock,
        ledger=InMemoryLedger(clock),
        new_order_id=lambda: f"ord_{next(numbers)}",
    )
    options = offer_for(CATALOG, product, GATEWAYS, owned=owned, promo=promo).options
    buyers = range(1, len(options) + 1)  # one buyer per way to pay: each order stands alone
    async with store() as uow:
        for buyer, code in itertools.product(buyers, owned):
            await uow.entitlements.grant(Entitlement(buyer, code, "test", T0))
        if promo is not None:
            await uow.promos.save(promo)
        await uow.commit()

    for buyer, option in zip(buyers, options, strict=True):
        order = await create_order(
            ctx,
            user_id=buyer,
            product_code=product,
            gateway=option.gateway,
            promo_code=option.quote.promo,
        )
        assert order.amount == option.price
        assert order.promo_code == option.quote.promo


@given(product=st.sampled_from(ENTITLEMENTS), promo=promos, owned=owned_sets)
def test_an_upgrade_never_costs_more_than_its_missing_parts(
    product: str, promo: PromoCode | None, owned: frozenset[str]
) -> None:
    parts = missing_parts(CATALOG.get(product), owned)
    for currency in ("XTR", "RUB"):
        price = quote(CATALOG, product, currency, owned=owned, promo=promo)
        assert 0 <= price.amount.amount <= price.base.amount <= price.list_price.amount
        if CATALOG.get(product).includes and len(parts) < len(CATALOG.get(product).includes):
            alone = sum(CATALOG.price_for(part, currency).amount for part in parts)
            assert price.base.amount <= alone


def test_someone_owning_level_1_pays_no_more_for_the_bundle_than_for_level_2() -> None:
    price = quote(CATALOG, "sleeplab_bundle", "XTR", owned={"sleeplab_l1"})

    assert price.amount == Money(350, "XTR") == CATALOG.price_for("sleeplab_l2", "XTR")
    assert price.is_upgrade


def test_a_fixed_promo_without_the_currency_leaves_the_price_and_names_no_code() -> None:
    promo = PromoCode(code="EUROS", kind=DiscountKind.FIXED, amounts={"EUR": 500})

    price = quote(CATALOG, "sleeplab_l1", "XTR", promo=promo)

    assert price.amount == Money(250, "XTR")
    assert price.promo is None
