"""Signatures that prove a payment callback came from its gateway (pure functions).

Robokassa (docs.robokassa.ru) signs with a hash over colon-joined fields:

- payment link: ``MerchantLogin:OutSum:InvId[:Receipt]:Password#1[:Shp_a=1:Shp_b=2]``;
- ResultURL (the server-to-server confirmation): ``OutSum:InvId:Password#2[:Shp_...]``;
- SuccessURL (the buyer's browser coming back): ``OutSum:InvId:Password#1[:Shp_...]``.

``Shp_`` pairs are sorted by name. OutSum is hashed exactly as received (Robokassa may send
``100.000000``); parse it only after the signature holds. The hex digest may come in any case
and is compared in constant time.

Tilda does not sign its form webhook, so the bot signs a short-lived user token itself (HMAC)
and places it in a hidden form field; :func:`verify_user_token` checks it when the webhook
arrives.
"""

from __future__ import annotations

import base64
import binascii
import enum
import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

import attrs

from sleeplab_core.kernel.errors import ValidationFailed


class HashAlgorithm(enum.StrEnum):
    """The algorithms a Robokassa shop may choose in its technical settings."""

    MD5 = "md5"
    RIPEMD160 = "ripemd160"
    SHA1 = "sha1"
    SHA256 = "sha256"
    SHA384 = "sha384"
    SHA512 = "sha512"


class SignatureError(ValidationFailed):
    """A signature could not be made or does not hold."""


class UnsupportedAlgorithm(SignatureError):
    def __init__(self, name: str, why: str) -> None:
        super().__init__(f"hash algorithm {name!r} {why}", field="algorithm")
        self.name = name


class BadSignature(SignatureError):
    """The received signature does not match; the callback must be rejected."""

    def __init__(self, what: str) -> None:
        super().__init__(f"the {what} signature does not match", field="SignatureValue")


class BadToken(SignatureError):
    """The user token is malformed, forged or expired; ``reason`` says which."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, field="token")


SHP_PREFIX = "shp_"  # Robokassa matches the prefix in any case


def parse_algorithm(name: str | HashAlgorithm) -> HashAlgorithm:
    """``"SHA256"`` -> ``HashAlgorithm.SHA256``.

    Raises:
        UnsupportedAlgorithm: Robokassa offers no such algorithm.
    """
    try:
        return HashAlgorithm(str(name).strip().lower())
    except ValueError:
        choices = ", ".join(a.value for a in HashAlgorithm)
        raise UnsupportedAlgorithm(str(name), f"is not one of {choices}") from None


def hex_digest(text: str, algorithm: str | HashAlgorithm) -> str:
    """The lower-case hex digest of ``text`` (UTF-8) with a Robokassa algorithm.

    Raises:
        UnsupportedAlgorithm: unknown, or missing from this Python's OpenSSL build (ripemd160
            is absent from some OpenSSL 3 builds).
    """
    chosen = parse_algorithm(algorithm)
    try:
        hasher = hashlib.new(chosen.value, text.encode("utf-8"))
    except ValueError:
        raise UnsupportedAlgorithm(
            chosen.value,
            "is not available in this Python's OpenSSL build; choose another algorithm "
            "in the shop's technical settings",
        ) from None
    return hasher.hexdigest()


def digests_match(expected_hex: str, received: str) -> bool:
    """Constant-time, case-insensitive comparison of two hex digests."""
    normalized = received.strip().lower().encode("utf-8", "replace")
    return hmac.compare_digest(expected_hex.lower().encode("ascii"), normalized)


def shp_pairs(params: Mapping[str, str]) -> list[tuple[str, str]]:
    """The ``Shp_`` parameters of a mapping, sorted by name as Robokassa signs them."""
    return sorted((k, v) for k, v in params.items() if k.lower().startswith(SHP_PREFIX))


def _join(head: Iterable[str], shp: Mapping[str, str]) -> str:
    return ":".join([*head, *(f"{name}={value}" for name, value in shp_pairs(shp))])


def link_signature(
    login: str,
    out_sum: str,
    inv_id: str,
    password1: str,
    *,
    shp: Mapping[str, str] | None = None,
    receipt: str | None = None,
    algorithm: str | HashAlgorithm = HashAlgorithm.MD5,
) -> str:
    """The ``SignatureValue`` of a payment link.

    Args:
        receipt: the fiscal receipt exactly as signed (the URL-encoded JSON), if any.
        shp: ``Shp_`` parameters by full name; other names are ignored.
    """
    head = [login, out_sum, inv_id, *([receipt] if receipt is not None else []), password1]
    return hex_digest(_join(head, shp or {}), algorithm)


def result_signature(
    out_sum: str,
    inv_id: str,
    password2: str,
    *,
    shp: Mapping[str, str] | None = None,
    algorithm: str | HashAlgorithm = HashAlgorithm.MD5,
) -> str:
    """The signature Robokassa puts on a ResultURL call (Password#2)."""
    return hex_digest(_join([out_sum, inv_id, password2], shp or {}), algorithm)


def success_signature(
    out_sum: str,
    inv_id: str,
    password1: str,
    *,
    shp: Mapping[str, str] | None = None,
    algorithm: str | HashAlgorithm = HashAlgorithm.MD5,
) -> str:
    """The signature Robokassa puts on the SuccessURL redirect (Password#1)."""
    return hex_digest(_join([out_sum, inv_id, password1], shp or {}), algorithm)


def verify_result_signature(
    received: str,
    out_sum: str,
    inv_id: str,
    password2: str,
    *,
    shp: Mapping[str, str] | None = None,
    algorithm: str | HashAlgorithm = HashAlgorithm.MD5,
) -> None:
    """Check a ResultURL signature over the fields exactly as received.

    Raises:
        BadSignature: it does not match.
        UnsupportedAlgorithm: see :func:`hex_digest`.
    """
    expected = result_signature(out_sum, inv_id, password2, shp=shp, algorithm=algorithm)
    if not digests_match(expected, received):
        raise BadSignature("ResultURL")


def verify_success_signature(
    received: str,
    out_sum: str,
    inv_id: str,
    password1: str,
    *,
    shp: Mapping[str, str] | None = None,
    algorithm: str | HashAlgorithm = HashAlgorithm.MD5,
) -> None:
    """Check a SuccessURL signature.

    Raises:
        BadSignature: it does not match.
    """
    expected = success_signature(out_sum, inv_id, password1, shp=shp, algorithm=algorithm)
    if not digests_match(expected, received):
        raise BadSignature("SuccessURL")


# The Tilda user token ---------------------------------------------------------------------

_TOKEN_CONTEXT = b"sleeplab.user-token.v1|"
_ORDER_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_TOKEN = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
MAX_TOKEN_LENGTH = 512


@attrs.frozen
class UserToken:
    """Who is paying for which order, valid until ``expires_at``."""

    user_id: int
    order_id: str
    expires_at: datetime


def sign_user_token(token: UserToken, secret: bytes) -> str:
    """``<payload>.<mac>``, both URL-safe base64: fits a hidden form field.

    Raises:
        ValidationFailed: a non-positive user id, an order id outside ``[A-Za-z0-9_-]{1,64}``,
            a naive expiry, or a secret shorter than 16 bytes.
    """
    _check_secret(secret)
    if isinstance(token.user_id, bool) or not isinstance(token.user_id, int) or token.user_id <= 0:
        raise ValidationFailed("must be a positive integer", field="user_id")
    if not _ORDER_ID.fullmatch(token.order_id):
        raise ValidationFailed("letters, digits, '_' and '-', 1 to 64", field="order_id")
    if token.expires_at.tzinfo is None:
        raise ValidationFailed("must be timezone-aware", field="expires_at")
    payload = f"{token.user_id}:{token.order_id}:{int(token.expires_at.timestamp())}"
    encoded = _b64(payload.encode("ascii"))
    return f"{encoded}.{_b64(_mac(secret, encoded))}"


def verify_user_token(text: str, secret: bytes, now: datetime) -> UserToken:
    """Check a token made by :func:`sign_user_token` and not yet expired at ``now``.

    Raises:
        BadToken: malformed, signed with another secret, or expired.
    """
    _check_secret(secret)
    if not isinstance(text, str) or len(text) > MAX_TOKEN_LENGTH or not _TOKEN.fullmatch(text):
        raise BadToken("the token is malformed")
    encoded, mac = text.split(".")
    if not hmac.compare_digest(_b64(_mac(secret, encoded)).encode(), mac.encode("utf-8")):
        raise BadToken("the token's signature does not match")
    token = _decode_payload(encoded)
    if token.expires_at <= now:
        raise BadToken("the token has expired")
    return token


def _decode_payload(encoded: str) -> UserToken:
    try:
        user_id, order_id, expiry = _unb64(encoded).decode("ascii").split(":")
        return UserToken(int(user_id), order_id, datetime.fromtimestamp(int(expiry), UTC))
    except (ValueError, UnicodeDecodeError, binascii.Error, OverflowError, OSError):
        raise BadToken("the token is malformed") from None


def _check_secret(secret: bytes) -> None:
    if not isinstance(secret, bytes) or len(secret) < 16:
        raise ValidationFailed("must be at least 16 bytes", field="secret")


def _mac(secret: bytes, encoded: str) -> bytes:
    return hmac.new(secret, _TOKEN_CONTEXT + encoded.encode("ascii"), hashlib.sha256).digest()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
