"""The catalog: the shipped products, prices per currency, and files that are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.babel_catalog import load_catalog as load_texts
from sleeplab_core.catalog import (
    InvalidCatalog,
    PriceNotFound,
    ProductKind,
    UnknownProduct,
    load_catalog,
    parse_catalog,
)
from sleeplab_core.kernel.i18n import Message
from sleeplab_core.kernel.money import Money
from sleeplab_core.sleeplab.journey import PRODUCTS_UNLOCKING

SHIPPED = load_catalog()


def test_the_shipped_catalog_sells_the_sleeplab_levels_packs_and_subscriptions() -> None:
    kinds = {product.code: product.kind for product in SHIPPED}

    assert {code: kinds[code] for code in ("sleeplab_l1", "sleeplab_l2", "sleeplab_bundle")} == {
        "sleeplab_l1": ProductKind.ENTITLEMENT,
        "sleeplab_l2": ProductKind.ENTITLEMENT,
        "sleeplab_bundle": ProductKind.ENTITLEMENT,
    }
    assert ProductKind.CREDITS in kinds.values()
    assert ProductKind.SUBSCRIPTION in kinds.values()


def test_every_paid_level_is_unlocked_by_something_on_sale() -> None:
    for level, products in PRODUCTS_UNLOCKING.items():
        granted = {g for p in SHIPPED for g in p.granted_products}
        assert products & granted, level


def test_every_product_is_sold_for_stars_and_roubles() -> None:
    for product in SHIPPED:
        assert product.price_for("XTR").unit == "XTR"
        assert product.price_for("RUB").amount > 0


def test_every_product_has_a_title_and_description_in_both_languages() -> None:
    texts = load_texts()

    for product in SHIPPED:
        for key in (product.title_key, product.description_key):
            assert texts.has(key), key
            assert texts.render("ru", Message(key)) != texts.render("en", Message(key))


def test_a_price_is_integer_smallest_units_of_the_currency() -> None:
    assert SHIPPED.price_for("sleeplab_l1", "RUB") == Money(49000, "RUB")
    assert SHIPPED.price_for("sleeplab_l1", "XTR") == Money(250, "XTR")


def test_a_credits_pack_says_how_many_credits_it_grants_and_no_entitlement() -> None:
    pack = SHIPPED.get("credits_100")

    assert (pack.credits, pack.unit, pack.granted_products) == (100, "credits", ())


def test_a_subscription_has_a_period_and_a_trial() -> None:
    monthly = SHIPPED.get("assistant_monthly")

    assert monthly.period is not None
    assert monthly.period.days == 30
    assert monthly.trial is not None


def test_an_unknown_product_or_currency_is_a_typed_not_found() -> None:
    with pytest.raises(UnknownProduct):
        SHIPPED.get("sleeplab_l9")
    with pytest.raises(PriceNotFound, match="offered: RUB, XTR"):
        SHIPPED.price_for("sleeplab_l1", "USD")


def test_an_operator_file_can_replace_the_shipped_catalog(tmp_path: Path) -> None:
    path = tmp_path / "products.toml"
    path.write_text('[[product]]\ncode = "only_one"\nkind = "entitlement"\nprices = {RUB = 100}\n')

    catalog = load_catalog(path)

    assert [p.code for p in catalog] == ["only_one"]


@given(
    st.dictionaries(
        st.sampled_from(["RUB", "XTR", "USD", "EUR"]), st.integers(1, 10**9), min_size=1
    )
)
def test_any_positive_prices_load_exactly(prices: dict[str, int]) -> None:
    table = ", ".join(f"{currency} = {amount}" for currency, amount in prices.items())
    text = f'[[product]]\ncode = "thing"\nkind = "entitlement"\nprices = {{ {table} }}\n'

    catalog = parse_catalog(text)

    assert {c: catalog.price_for("thing", c).amount for c in prices} == prices


BASE = 'code = "thing"\nprices = { RUB = 100 }\n'


@pytest.mark.parametrize(
    ("body", "complaint"),
    [
        ('kind = "credits"\n' + BASE, "credits"),
        ('kind = "subscription"\n' + BASE, "period_days"),
        ('kind = "entitlement"\ncredits = 5\n' + BASE, "credits"),
        ('kind = "entitlement"\ntrial_days = 3\n' + BASE, "trial_days"),
        ('kind = "entitlement"\ncode = "thing"\nprices = { RUB = 0 }\n', "positive"),
        ('kind = "entitlement"\ncode = "thing"\nprices = { rub = 5 }\n', "currency code"),
        ('kind = "entitlement"\ncode = "thing"\nprices = {}\n', "at least one price"),
        ('kind = "entitlement"\ncode = "Bad Code"\nprices = { RUB = 5 }\n', "code"),
        ('kind = "gift"\n' + BASE, "kind"),
        ('kind = "entitlement"\ncolour = "red"\n' + BASE, "colour"),
        (
            'kind = "subscription"\nperiod_days = 30\ncode = "sub"\nprices = { XTR = 10001 }\n',
            "10000",
        ),
    ],
)
def test_a_product_that_breaks_a_rule_is_refused_with_its_name(body: str, complaint: str) -> None:
    with pytest.raises(InvalidCatalog, match=complaint):
        parse_catalog("[[product]]\n" + body)


def test_a_repeated_code_is_refused() -> None:
    one = '[[product]]\ncode = "a_thing"\nkind = "entitlement"\nprices = { RUB = 1 }\n'

    with pytest.raises(InvalidCatalog, match="a_thing: the code is used twice"):
        parse_catalog(one + one)


@pytest.mark.parametrize("text", ["", "not toml [", "product = 3"])
def test_a_file_without_products_is_refused(text: str) -> None:
    with pytest.raises(InvalidCatalog):
        parse_catalog(text)
