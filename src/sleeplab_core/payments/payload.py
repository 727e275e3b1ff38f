"""The invoice payload: an opaque string that names the order (Telegram allows 128 bytes)."""

from __future__ import annotations

import re
import secrets

from sleeplab_core.payments.errors import BadPayload

MAX_PAYLOAD_BYTES = 128
PAYLOAD_PREFIX = "sl1:"
ORDER_ID = re.compile(r"[A-Za-z0-9_-]{1,50}")  # also fits Robokassa Shp_ and t.me payloads
_PAYLOAD = re.compile(re.escape(PAYLOAD_PREFIX) + r"(?P<order>[A-Za-z0-9_-]{1,50})")


def new_order_id() -> str:
    """A fresh, unguessable order id: ``ord_`` and 16 hex digits."""
    return f"ord_{secrets.token_hex(8)}"


def encode_payload(order_id: str) -> str:
    """The payload for ``order_id``: ``sl1:<order id>`` (at most 54 bytes).

    Raises:
        BadPayload: the order id is not 1-50 of ``A-Za-z0-9_-``.
    """
    if not ORDER_ID.fullmatch(order_id):
        raise BadPayload()
    return PAYLOAD_PREFIX + order_id


def decode_payload(payload: str) -> str:
    """The order id inside a payload made by :func:`encode_payload`.

    Raises:
        BadPayload: anything else (the text is never echoed: it came from outside).
    """
    match = _PAYLOAD.fullmatch(payload) if len(payload) <= MAX_PAYLOAD_BYTES else None
    if match is None:
        raise BadPayload()
    return match["order"]
