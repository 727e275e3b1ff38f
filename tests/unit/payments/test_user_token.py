from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.payments.signatures import (
    BadToken,
    UserToken,
    sign_user_token,
    verify_user_token,
)

SECRET = b"0123456789abcdef-tilda"
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
TOKEN = UserToken(4242, "ord_77-a", NOW + timedelta(hours=1))


def test_a_signed_token_verifies_back_to_its_user_order_and_expiry():
    assert verify_user_token(sign_user_token(TOKEN, SECRET), SECRET, NOW) == TOKEN


def test_an_expired_token_is_refused():
    signed = sign_user_token(TOKEN, SECRET)

    with pytest.raises(BadToken, match="expired"):
        verify_user_token(signed, SECRET, NOW + timedelta(hours=1))


def test_a_token_signed_with_another_secret_is_refused():
    signed = sign_user_token(TOKEN, b"another-secret-of-16+")

    with pytest.raises(BadToken, match="signature"):
        verify_user_token(signed, SECRET, NOW)


def test_changing_the_payload_breaks_the_token():
    other = sign_user_token(UserToken(1, "ord_77-a", TOKEN.expires_at), SECRET)
    payload_of_other = other.split(".")[0]
    mac = sign_user_token(TOKEN, SECRET).split(".")[1]

    with pytest.raises(BadToken):
        verify_user_token(f"{payload_of_other}.{mac}", SECRET, NOW)


@given(st.text(max_size=600))
def test_arbitrary_text_is_refused_as_a_bad_token(text: str):
    with pytest.raises(BadToken):
        verify_user_token(text, SECRET, NOW)


@pytest.mark.parametrize(
    "token",
    [
        UserToken(0, "ord", NOW),
        UserToken(1, "ord:1", NOW),
        UserToken(1, "", NOW),
        UserToken(1, "ord", datetime(2026, 3, 1)),
    ],
)
def test_tokens_that_could_not_round_trip_are_not_signed(token: UserToken):
    with pytest.raises(ValidationFailed):
        sign_user_token(token, SECRET)


def test_a_short_secret_is_refused():
    with pytest.raises(ValidationFailed):
        sign_user_token(TOKEN, b"short")
