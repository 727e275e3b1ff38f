import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.pay_tilda import (
    MalformedWebhook,
    TildaHandshake,
    TildaProduct,
    TildaSubmission,
    WrongWebhookSecret,
    check_webhook_secret,
    parse_webhook,
)
from sleeplab_core.kernel.errors import SleeplabError
from sleeplab_core.kernel.money import Money
from sleeplab_core.payments.signatures import BadToken, UserToken, sign_user_token

SECRET = b"tilda-token-secret-0123"
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
USER = UserToken(4242, "ord-9", NOW + timedelta(hours=2))
TOKEN = sign_user_token(USER, SECRET)


def parse(form: dict[str, object]) -> TildaHandshake | TildaSubmission:
    return parse_webhook(form, token_secret=SECRET, now=NOW)


def submission(**extra: str) -> dict[str, object]:
    return {
        "Name": "Anna",
        "tranid": "123:456",
        "formid": "form7",
        "sleeplab_token": TOKEN,
        **extra,
    }


PAYMENT = {
    "orderid": "1876543210",
    "amount": "2490",
    "products": [{"name": "SleepLab L1", "quantity": 1, "amount": 2490, "price": "2490"}],
    "promocode": "SLEEP10",
    "discount": "249.5",
}


def test_the_connection_handshake_is_recognised():
    assert parse({"test": "test"}) == TildaHandshake()


def test_a_json_payment_becomes_a_typed_submission_for_the_signed_user():
    result = parse(submission(payment=json.dumps(PAYMENT)))

    assert isinstance(result, TildaSubmission)
    assert result.user == USER
    assert (result.tranid, result.formid, result.fields) == ("123:456", "form7", {"Name": "Anna"})
    payment = result.payment
    assert (payment.order_id, payment.amount) == ("1876543210", Money(249000, "RUB"))
    assert payment.products == (
        TildaProduct("SleepLab L1", 1, Money(249000, "RUB"), Money(249000, "RUB")),
    )
    assert (payment.promocode, payment.discount) == ("SLEEP10", Money(24950, "RUB"))


def test_json_numbers_with_decimals_are_read_exactly():
    payment = {**PAYMENT, "amount": 2490.10, "products": []}

    result = parse(submission(payment=json.dumps(payment)))

    assert isinstance(result, TildaSubmission)
    assert result.payment.amount == Money(249010, "RUB")


def test_a_bracket_form_payment_reads_like_the_json_one():
    form = submission(
        **{
            "payment[orderid]": "1876543210",
            "payment[amount]": "2490",
            "payment[products][0][name]": "SleepLab L1",
            "payment[products][0][quantity]": "1",
            "payment[products][0][amount]": "2490",
            "payment[products][0][price]": "2490",
            "payment[products][1][name]": "Bonus",
            "payment[promocode]": "SLEEP10",
            "payment[discount]": "249.5",
        }
    )

    result = parse(form)

    assert isinstance(result, TildaSubmission)
    assert result.payment.order_id == "1876543210"
    assert [p.name for p in result.payment.products] == ["SleepLab L1", "Bonus"]
    assert result.payment.products[0].price == Money(249000, "RUB")
    assert result.payment.discount == Money(24950, "RUB")
    assert result.fields == {"Name": "Anna"}


def test_products_sent_as_text_lines_keep_their_text():
    payment = {**PAYMENT, "products": ["SleepLab L1 - 1x2490 = 2490"]}

    result = parse(submission(payment=json.dumps(payment)))

    assert isinstance(result, TildaSubmission)
    assert result.payment.products == (TildaProduct("SleepLab L1 - 1x2490 = 2490"),)


def test_a_submission_without_the_token_names_the_hidden_field():
    form = submission(payment=json.dumps(PAYMENT))
    del form["sleeplab_token"]

    with pytest.raises(MalformedWebhook) as refused:
        parse(form)

    assert refused.value.field == "sleeplab_token"


@pytest.mark.parametrize(
    "token",
    [
        sign_user_token(USER, b"some-other-secret-xyz"),
        sign_user_token(UserToken(4242, "ord-9", NOW), SECRET),
        TOKEN[:-2],
        "garbage",
    ],
    ids=["other secret", "expired", "truncated", "garbage"],
)
def test_a_forged_or_expired_token_is_refused(token: str):
    with pytest.raises(BadToken):
        parse(submission(payment=json.dumps(PAYMENT), sleeplab_token=token))


@pytest.mark.parametrize(
    ("payment", "field"),
    [
        ("{not json", "payment"),
        ("[1, 2]", "payment"),
        ("[" * 50_000 + "]" * 50_000, "payment"),
        (json.dumps({**PAYMENT, "amount": "12,50"}), "payment.amount"),
        (json.dumps({**PAYMENT, "amount": "-5"}), "payment.amount"),
        (json.dumps({**PAYMENT, "amount": 1e400}), "payment.amount"),
        (json.dumps({**PAYMENT, "amount": "1" * 500}), "payment.amount"),
        (json.dumps({k: v for k, v in PAYMENT.items() if k != "orderid"}), "payment.orderid"),
        (json.dumps({**PAYMENT, "products": "x"}), "payment.products"),
        (json.dumps({**PAYMENT, "products": [{"quantity": 1}]}), "payment.products.0.name"),
        (
            json.dumps({**PAYMENT, "products": [{"name": "a", "quantity": "1.5"}]}),
            "payment.products.0.quantity",
        ),
    ],
)
def test_a_malformed_payment_names_the_field(payment: str, field: str):
    with pytest.raises(MalformedWebhook) as refused:
        parse(submission(payment=payment))

    assert refused.value.field == field


def test_a_submission_without_a_cart_is_malformed():
    with pytest.raises(MalformedWebhook) as refused:
        parse(submission())

    assert refused.value.field == "payment"


@pytest.mark.parametrize(
    "form",
    [
        {"payment[a][b][c][d][e]": "1"},
        {"payment[products][9999][name]": "x"},
        {"payment[amount]": "1", "payment[amount][x]": "2"},
    ],
)
def test_hostile_bracket_keys_are_malformed(form: dict[str, str]):
    with pytest.raises(MalformedWebhook):
        parse(submission(**form))


@given(
    st.dictionaries(
        st.sampled_from(["test", "payment", "tranid", "payment[amount]", "payment[orderid]"])
        | st.text(max_size=12),
        st.text(max_size=40) | st.integers() | st.none(),
        max_size=8,
    )
)
def test_any_form_is_refused_with_a_typed_error_or_is_the_handshake(form: dict[str, object]):
    form = {**form, "sleeplab_token": TOKEN}
    try:
        result = parse(form)
    except SleeplabError:
        return
    assert isinstance(result, TildaHandshake | TildaSubmission)


def test_the_url_secret_is_checked():
    check_webhook_secret("s3cret-in-url", "s3cret-in-url")
    with pytest.raises(WrongWebhookSecret):
        check_webhook_secret("guess", "s3cret-in-url")
    with pytest.raises(WrongWebhookSecret):
        check_webhook_secret("ключ", "s3cret-in-url")
