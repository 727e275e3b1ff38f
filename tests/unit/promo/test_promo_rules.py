"""Promo rules: discounts never exceed the price, limits count live uses, refusals are typed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.babel_catalog import load_catalog as load_texts
from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.kernel.money import Money
from sleeplab_core.promo import (
    DiscountKind,
    PromoAlreadyUsed,
    PromoCode,
    PromoError,
    PromoExpired,
    PromoFirstPurchaseOnly,
    PromoNotActiveYet,
    PromoNotForCurrency,
    PromoNotForProduct,
    PromoNotFound,
    PromoUsedUp,
    Redemption,
    RedemptionState,
    check_applicable,
    check_limits,
    discounted,
    normalize_code,
)

T0 = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
prices = st.builds(
    Money, st.integers(min_value=1, max_value=10**9), st.sampled_from(["RUB", "XTR"])
)


def percent(value: int, **changes: object) -> PromoCode:
    return PromoCode(code="SAVE", kind=DiscountKind.PERCENT, percent=value, **changes)  # type: ignore[arg-type]


def use(
    user_id: int, state: RedemptionState, until: datetime = T0 + timedelta(hours=1)
) -> Redemption:
    return Redemption(
        code="SAVE",
        user_id=user_id,
        order_id=f"ord_{user_id}_{state.value}_{until.timestamp()}",
        state=state,
        reserved_at=T0 - timedelta(hours=1),
        reserved_until=until,
    )


@given(prices, st.integers(min_value=1, max_value=100))
def test_a_percent_discount_rounds_in_the_shops_favour_and_never_goes_below_zero(
    price: Money, value: int
) -> None:
    after = discounted(price, percent(value))

    assert after.unit == price.unit
    assert 0 <= after.amount <= price.amount
    exact_discount = price.amount * value / 100
    assert price.amount - exact_discount <= after.amount < price.amount - exact_discount + 1


@given(prices, st.integers(min_value=1, max_value=99), st.integers(min_value=1, max_value=99))
def test_a_larger_percent_never_costs_more(price: Money, a: int, b: int) -> None:
    low, high = sorted((a, b))

    assert discounted(price, percent(high)).amount <= discounted(price, percent(low)).amount


@given(prices)
def test_a_hundred_percent_makes_it_free(price: Money) -> None:
    assert discounted(price, percent(100)).amount == 0


@given(prices, st.integers(min_value=1, max_value=10**10))
def test_a_fixed_discount_takes_its_amount_off_down_to_zero(price: Money, off: int) -> None:
    promo = PromoCode(code="MINUS", kind=DiscountKind.FIXED, amounts={price.unit: off})

    assert discounted(price, promo).amount == max(0, price.amount - off)


def test_a_fixed_discount_without_the_currency_is_refused() -> None:
    promo = PromoCode(code="MINUS", kind=DiscountKind.FIXED, amounts={"RUB": 10000})

    with pytest.raises(PromoNotForCurrency):
        discounted(Money(250, "XTR"), promo)


@pytest.mark.parametrize(
    "fields",
    [
        {"code": "x", "kind": DiscountKind.PERCENT, "percent": 10},
        {"code": "SAVE", "kind": DiscountKind.PERCENT, "percent": 0},
        {"code": "SAVE", "kind": DiscountKind.PERCENT, "percent": 101},
        {"code": "SAVE", "kind": DiscountKind.FIXED},
        {"code": "SAVE", "kind": DiscountKind.FIXED, "amounts": {"RUB": 0}},
        {"code": "SAVE", "kind": DiscountKind.PERCENT, "percent": 5, "max_redemptions": 0},
    ],
)
def test_a_malformed_promo_code_is_refused(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationFailed):
        PromoCode(**fields)  # type: ignore[arg-type]


def test_codes_are_matched_case_insensitively_and_without_spaces() -> None:
    assert normalize_code("  sleep20 ") == "SLEEP20"


@pytest.mark.parametrize(
    ("promo", "product", "first", "error"),
    [
        (percent(10, starts_at=T0 + timedelta(seconds=1)), "p", True, PromoNotActiveYet),
        (percent(10, expires_at=T0), "p", True, PromoExpired),
        (percent(10, products=frozenset({"other"})), "p", True, PromoNotForProduct),
        (percent(10, first_purchase_only=True), "p", False, PromoFirstPurchaseOnly),
    ],
)
def test_an_inapplicable_code_is_refused_with_its_reason(
    promo: PromoCode, product: str, first: bool, error: type[PromoError]
) -> None:
    with pytest.raises(error):
        check_applicable(promo, product=product, now=T0, first_purchase=first)


def test_an_applicable_code_passes() -> None:
    promo = percent(10, products=frozenset({"p"}), expires_at=T0 + timedelta(days=1))

    check_applicable(promo, product="p", now=T0, first_purchase=False)


def test_the_per_user_limit_counts_this_users_live_uses() -> None:
    with pytest.raises(PromoAlreadyUsed):
        check_limits(percent(10), [use(1, RedemptionState.RESERVED)], user_id=1, now=T0)
    check_limits(percent(10), [use(2, RedemptionState.REDEEMED)], user_id=1, now=T0)


def test_the_total_limit_counts_redeemed_and_live_reserved_uses() -> None:
    promo = percent(10, max_redemptions=2)
    uses = [use(1, RedemptionState.REDEEMED), use(2, RedemptionState.RESERVED)]

    with pytest.raises(PromoUsedUp):
        check_limits(promo, uses, user_id=3, now=T0)


def test_released_and_lapsed_reservations_free_their_place() -> None:
    promo = percent(10, max_redemptions=2)
    uses = [use(1, RedemptionState.RELEASED), use(2, RedemptionState.RESERVED, until=T0)]

    check_limits(promo, uses, user_id=3, now=T0)


@given(
    st.lists(
        st.tuples(st.integers(min_value=1, max_value=4), st.sampled_from(list(RedemptionState))),
        max_size=12,
    ),
    st.integers(min_value=1, max_value=5),
    st.integers(min_value=1, max_value=3),
    st.integers(min_value=1, max_value=4),
)
def test_limits_admit_exactly_while_the_counts_are_below_them(
    uses: list[tuple[int, RedemptionState]], total: int, per_user: int, user_id: int
) -> None:
    promo = percent(10, max_redemptions=total, max_per_user=per_user)
    redemptions = [use(u, s) for u, s in uses]
    live = [r for r in redemptions if r.state is not RedemptionState.RELEASED]
    mine = [r for r in live if r.user_id == user_id]

    try:
        check_limits(promo, redemptions, user_id=user_id, now=T0)
        admitted = True
    except (PromoUsedUp, PromoAlreadyUsed):
        admitted = False

    assert admitted == (len(live) < total and len(mine) < per_user)


REFUSALS = [
    PromoNotFound("CODE"),
    PromoNotActiveYet("CODE"),
    PromoExpired("CODE"),
    PromoNotForProduct("CODE", "sleeplab_l1"),
    PromoNotForCurrency("CODE", "XTR"),
    PromoUsedUp("CODE"),
    PromoAlreadyUsed("CODE"),
    PromoFirstPurchaseOnly("CODE"),
]


def test_every_refusal_kind_is_listed() -> None:
    assert {type(e) for e in REFUSALS} == set(PromoError.__subclasses__())


@pytest.mark.parametrize("error", REFUSALS, ids=lambda e: type(e).__name__)
def test_every_refusal_has_a_text_naming_the_code_in_both_languages(error: PromoError) -> None:
    texts = load_texts()

    for locale in ("en", "ru"):
        assert "CODE" in texts.render(locale, error.message)
