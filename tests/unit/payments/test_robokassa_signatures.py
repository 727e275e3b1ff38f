import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleeplab_core.payments.signatures import (
    BadSignature,
    HashAlgorithm,
    UnsupportedAlgorithm,
    digests_match,
    hex_digest,
    link_signature,
    result_signature,
    success_signature,
    verify_result_signature,
    verify_success_signature,
)

WORKED_EXAMPLE = "8254e0d164169b509276317e8cb00617"  # md5("demo:100.00:1001:pass1_test")


def test_the_documented_link_example_signs_as_robokassa_does():
    assert link_signature("demo", "100.00", "1001", "pass1_test") == WORKED_EXAMPLE


@pytest.mark.parametrize("algorithm", list(HashAlgorithm))
def test_every_algorithm_hashes_the_same_joined_fields(algorithm: HashAlgorithm):
    expected = hashlib.new(algorithm.value, b"demo:100.00:1001:pass1_test").hexdigest()

    assert link_signature("demo", "100.00", "1001", "pass1_test", algorithm=algorithm) == expected


def test_algorithm_names_are_accepted_in_any_case():
    assert hex_digest("x", "SHA256") == hashlib.sha256(b"x").hexdigest()


def test_the_receipt_follows_the_invoice_number_and_shp_pairs_come_last_sorted():
    shp = {"Shp_user": "42", "Shp_order": "A1", "Culture": "ru"}
    expected = hashlib.md5(b"demo:100.00:1001:%7B%7D:pass1:Shp_order=A1:Shp_user=42").hexdigest()

    assert link_signature("demo", "100.00", "1001", "pass1", shp=shp, receipt="%7B%7D") == expected


def test_result_and_success_signatures_use_their_passwords_over_the_sum_as_received():
    shp = {"Shp_order": "A1"}

    assert (
        result_signature("100.000000", "1001", "pass2", shp=shp)
        == hashlib.md5(b"100.000000:1001:pass2:Shp_order=A1").hexdigest()
    )
    assert (
        success_signature("100.000000", "1001", "pass1", shp=shp)
        == hashlib.md5(b"100.000000:1001:pass1:Shp_order=A1").hexdigest()
    )


def test_a_six_decimal_sum_verifies_only_as_received():
    signed = result_signature("100.000000", "7", "pass2")

    verify_result_signature(signed, "100.000000", "7", "pass2")
    with pytest.raises(BadSignature):
        verify_result_signature(signed, "100.00", "7", "pass2")


def test_hex_is_compared_case_insensitively():
    signed = result_signature("10.00", "7", "pass2", algorithm="sha512")

    verify_result_signature(signed.upper(), "10.00", "7", "pass2", algorithm="sha512")
    verify_result_signature(f" {signed} ", "10.00", "7", "pass2", algorithm="sha512")


@pytest.mark.parametrize(
    "tampered",
    [
        {"out_sum": "10.01"},
        {"inv_id": "8"},
        {"password": "other"},
        {"shp": {"Shp_order": "B2", "Shp_user": "42"}},
        {"shp": {"Shp_order": "A1", "Shp_user": "43"}},
        {"shp": {"Shp_order": "A1"}},
        {"shp": {"Shp_order": "A1", "Shp_user": "42", "Shp_x": "1"}},
        {"algorithm": "sha256"},
    ],
    ids=["sum", "invoice", "password", "order", "user", "dropped shp", "added shp", "algorithm"],
)
def test_tampering_with_any_field_breaks_the_result_signature(tampered: dict[str, object]):
    fields: dict[str, object] = {
        "out_sum": "10.00",
        "inv_id": "7",
        "password": "pass2",
        "shp": {"Shp_order": "A1", "Shp_user": "42"},
        "algorithm": "md5",
    }
    signed = result_signature(
        "10.00", "7", "pass2", shp={"Shp_order": "A1", "Shp_user": "42"}, algorithm="md5"
    )
    fields.update(tampered)

    with pytest.raises(BadSignature):
        verify_result_signature(
            signed,
            str(fields["out_sum"]),
            str(fields["inv_id"]),
            str(fields["password"]),
            shp=fields["shp"],  # type: ignore[arg-type]
            algorithm=str(fields["algorithm"]),
        )


def test_a_success_signature_made_with_password_two_is_refused():
    forged = success_signature("10.00", "7", "pass2")

    with pytest.raises(BadSignature):
        verify_success_signature(forged, "10.00", "7", "pass1")


@given(st.text(max_size=200))
def test_any_received_text_is_a_match_or_not_never_an_exception(received: str):
    assert digests_match(WORKED_EXAMPLE, received) is (received.strip().lower() == WORKED_EXAMPLE)


def test_an_unknown_algorithm_is_named_in_the_error():
    with pytest.raises(UnsupportedAlgorithm, match="whirlpool"):
        hex_digest("x", "whirlpool")


def test_ripemd160_missing_from_openssl_is_a_clear_error(monkeypatch: pytest.MonkeyPatch):
    def without_ripemd(name: str, data: bytes = b"") -> object:
        raise ValueError(f"unsupported hash type {name}")

    monkeypatch.setattr(hashlib, "new", without_ripemd)

    with pytest.raises(UnsupportedAlgorithm, match="not available in this Python"):
        hex_digest("x", HashAlgorithm.RIPEMD160)
