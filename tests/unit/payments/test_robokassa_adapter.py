import hashlib
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import SecretStr

from adapters.pay_robokassa import (
    MalformedCallback,
    PaymentLinkRequest,
    RobokassaSettings,
    build_payment_url,
    parse_fail,
    parse_result,
    parse_success,
    result_answer,
)
from sleeplab_core.kernel.errors import SleeplabError, ValidationFailed
from sleeplab_core.kernel.money import Money
from sleeplab_core.payments.signatures import (
    BadSignature,
    HashAlgorithm,
    result_signature,
    success_signature,
)

SETTINGS = RobokassaSettings(
    login="demo",
    password1="pass1_test",
    password2="pass2_test",
    hash="md5",
    test=False,
    culture="ru",
    currency="RUB",
)
REQUEST = PaymentLinkRequest(
    inv_id=1001,
    amount=Money(10000, "RUB"),
    description="SleepLab L1",
    order_id="ord-1",
    user_id=42,
)


def link_params(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))


def result_params(out_sum: str = "100.000000", **overrides: str) -> dict[str, str]:
    shp = {"Shp_order": "ord-1", "Shp_user": "42"}
    params = {
        "OutSum": out_sum,
        "InvId": "1001",
        "SignatureValue": result_signature(out_sum, "1001", "pass2_test", shp=shp),
        "EMail": "buyer@example.com",
        "Fee": "3.9",
        **shp,
    }
    params.update(overrides)
    return params


# payment link -----------------------------------------------------------------------------


def test_the_payment_link_carries_every_field_signed_with_password_one():
    params = link_params(build_payment_url(SETTINGS, REQUEST))

    expected = hashlib.md5(b"demo:100.00:1001:pass1_test:Shp_order=ord-1:Shp_user=42").hexdigest()
    assert params == {
        "MerchantLogin": "demo",
        "OutSum": "100.00",
        "InvId": "1001",
        "Description": "SleepLab L1",
        "SignatureValue": expected,
        "Culture": "ru",
        "Shp_order": "ord-1",
        "Shp_user": "42",
    }


def test_the_link_goes_to_the_payment_page_and_marks_test_payments():
    settings = SETTINGS.model_copy(update={"test": True, "culture": "en"})

    url = build_payment_url(settings, REQUEST)

    assert url.startswith("https://auth.robokassa.ru/Merchant/Index.aspx?")
    assert link_params(url)["IsTest"] == "1"
    assert link_params(url)["Culture"] == "en"


def test_a_receipt_is_signed_url_encoded_and_sent_encoded_once_more():
    receipt = {"items": [{"name": "Услуга", "quantity": 1, "sum": 100, "tax": "none"}]}
    request = PaymentLinkRequest(1001, Money(10000, "RUB"), "L1", "ord-1", 42, receipt=receipt)

    params = link_params(build_payment_url(SETTINGS, request))

    encoded = params["Receipt"]
    assert "%7B" in encoded
    assert unquote(encoded).startswith('{"items"')
    joined = f"demo:100.00:1001:{encoded}:pass1_test:Shp_order=ord-1:Shp_user=42"
    assert params["SignatureValue"] == hashlib.md5(joined.encode()).hexdigest()


def test_the_configured_algorithm_signs_the_link():
    settings = SETTINGS.model_copy(
        update={"password1": SecretStr("p1"), "hash": HashAlgorithm.SHA256}
    )

    params = link_params(build_payment_url(settings, REQUEST))

    joined = b"demo:100.00:1001:p1:Shp_order=ord-1:Shp_user=42"
    assert params["SignatureValue"] == hashlib.sha256(joined).hexdigest()


@pytest.mark.parametrize(
    "change",
    [
        {"inv_id": 0},
        {"amount": Money(0, "RUB")},
        {"amount": Money(100, "XTR")},
        {"description": ""},
        {"description": "x" * 101},
        {"order_id": "has space"},
        {"user_id": 0},
    ],
)
def test_link_requests_robokassa_would_refuse_are_refused(change: dict[str, Any]):
    with pytest.raises(ValidationFailed):
        build_payment_url(SETTINGS, attrs.evolve(REQUEST, **change))


def test_an_unknown_hash_setting_is_refused():
    with pytest.raises(ValueError, match="whirlpool"):
        RobokassaSettings(login="demo", password1="p1", password2="p2", hash="whirlpool")


def test_the_hash_setting_accepts_any_case():
    settings = RobokassaSettings(login="demo", password1="p1", password2="p2", hash="SHA256")

    assert settings.hash is HashAlgorithm.SHA256


# ResultURL --------------------------------------------------------------------------------


def test_a_signed_result_becomes_a_confirmation_read_after_verifying():
    confirmation = parse_result(result_params(), SETTINGS)

    assert confirmation.inv_id == 1001
    assert confirmation.amount == Money(10000, "RUB")
    assert confirmation.out_sum == "100.000000"
    assert (confirmation.order_id, confirmation.user_id) == ("ord-1", 42)
    assert (confirmation.email, confirmation.fee) == ("buyer@example.com", "3.9")
    assert result_answer(confirmation) == "OK1001"


def test_an_upper_case_signature_is_accepted():
    params = result_params()
    params["SignatureValue"] = params["SignatureValue"].upper()

    assert parse_result(params, SETTINGS).inv_id == 1001


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("OutSum", "1.000000"),
        ("InvId", "1002"),
        ("Shp_order", "ord-2"),
        ("Shp_user", "43"),
        ("Shp_extra", "1"),
        ("SignatureValue", "0" * 32),
    ],
)
def test_a_tampered_result_is_refused(field: str, value: str):
    params = result_params()
    params[field] = value

    with pytest.raises(BadSignature):
        parse_result(params, SETTINGS)


def test_a_result_signed_with_password_one_is_refused():
    params = result_params()
    params["SignatureValue"] = success_signature(
        "100.000000", "1001", "pass1_test", shp={"Shp_order": "ord-1", "Shp_user": "42"}
    )

    with pytest.raises(BadSignature):
        parse_result(params, SETTINGS)


@pytest.mark.parametrize("missing", ["OutSum", "InvId", "SignatureValue"])
def test_a_result_without_a_required_field_is_malformed(missing: str):
    params = result_params()
    del params[missing]

    with pytest.raises(MalformedCallback) as refused:
        parse_result(params, SETTINGS)

    assert refused.value.field == missing


def test_a_correctly_signed_result_with_a_bad_sum_is_malformed_not_a_crash():
    shp = {"Shp_order": "ord-1", "Shp_user": "42"}
    params = {
        "OutSum": "100.005",
        "InvId": "1001",
        "SignatureValue": result_signature("100.005", "1001", "pass2_test", shp=shp),
        **shp,
    }

    with pytest.raises(MalformedCallback) as refused:
        parse_result(params, SETTINGS)

    assert refused.value.field == "OutSum"


def test_a_signed_result_without_the_order_is_malformed():
    params = {
        "OutSum": "10.00",
        "InvId": "5",
        "SignatureValue": result_signature("10.00", "5", "pass2_test"),
    }

    with pytest.raises(MalformedCallback) as refused:
        parse_result(params, SETTINGS)

    assert refused.value.field == "Shp_order"


def test_non_text_values_are_malformed():
    params: dict[str, object] = {**result_params(), "InvId": ["1001", "1002"]}

    with pytest.raises(MalformedCallback):
        parse_result(params, SETTINGS)


@given(
    st.dictionaries(
        st.sampled_from(["OutSum", "InvId", "SignatureValue", "Shp_order", "Shp_user", "x"])
        | st.text(max_size=10),
        st.text(max_size=30) | st.integers(),
        max_size=8,
    )
)
def test_any_input_is_refused_with_a_typed_error(params: dict[str, object]):
    with pytest.raises(SleeplabError):
        parse_result(params, SETTINGS)


# SuccessURL and FailURL -------------------------------------------------------------------


def test_the_success_redirect_returns_the_buyer_to_the_bot():
    shp = {"Shp_order": "ord-1", "Shp_user": "42"}
    signature = success_signature("100.000000", "1001", "pass1_test", shp=shp)
    params = {"OutSum": "100.000000", "InvId": "1001", "SignatureValue": signature, **shp}

    back = parse_success(params, SETTINGS)

    assert back.deep_link("SleepLabBot") == "https://t.me/SleepLabBot?start=paid-ord-1"


def test_a_success_redirect_signed_with_password_two_is_refused():
    with pytest.raises(BadSignature):
        parse_success(result_params(), SETTINGS)


def test_the_fail_redirect_needs_no_signature_and_says_unpaid():
    back = parse_fail({"OutSum": "100.00", "InvId": "1001", "Shp_order": "ord-1"})

    assert back.deep_link("SleepLabBot") == "https://t.me/SleepLabBot?start=unpaid-ord-1"


@pytest.mark.parametrize("params", [{}, {"Shp_order": "../etc"}, {"shp_order": "a b"}])
def test_a_fail_redirect_without_a_clean_order_is_malformed(params: dict[str, str]):
    with pytest.raises(MalformedCallback):
        parse_fail(params)


def test_a_deep_link_needs_a_real_bot_username():
    back = parse_fail({"Shp_order": "ord-1"})

    with pytest.raises(ValidationFailed):
        back.deep_link("bad name/")
