"""The Tilda form webhook: the connection handshake and paid-cart submissions.

Tilda POSTs the form urlencoded. Connecting a webhook sends ``test=test`` and expects a 200
answer. A cart adds ``payment``, either a JSON string or bracket fields
(``payment[orderid]``, ``payment[products][0][name]``...).

What Tilda cannot prove: it does not sign the classic webhook, so anyone who knows the URL
could post a form. Two things narrow that: a secret in the webhook URL
(:func:`check_webhook_secret`) and a user token the bot signed (HMAC) and put in a hidden
field, which names the Telegram user and our order and expires. Neither proves that money
moved: the amount in the form is what the page says, so confirm the payment with the payment
provider behind Tilda (or reconcile) before granting anything of value.
"""

from __future__ import annotations

import decimal
import hmac
import json
from collections.abc import Mapping
from datetime import datetime

import attrs

from adapters.pay_tilda.brackets import unflatten
from adapters.pay_tilda.errors import MalformedWebhook, WrongWebhookSecret
from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.kernel.money import Money
from sleeplab_core.payments.signatures import UserToken, verify_user_token

TOKEN_FIELD = "sleeplab_token"
MAX_FIELDS = 200
MAX_VALUE_LENGTH = 100_000
HANDSHAKE_ANSWER = "ok"


@attrs.frozen
class TildaHandshake:
    """Tilda checking the webhook while it is being connected; answer 200 ``ok``."""


@attrs.frozen
class TildaProduct:
    """One cart line; Tilda may send only a text line, then the rest is None."""

    name: str
    quantity: int | None = None
    price: Money | None = None
    amount: Money | None = None
    sku: str | None = None


@attrs.frozen
class TildaPayment:
    order_id: str  # Tilda's own order number
    amount: Money
    products: tuple[TildaProduct, ...] = ()
    promocode: str | None = None
    discount: Money | None = None


@attrs.frozen
class TildaSubmission:
    """A submitted form with a cart, from the user the signed token names."""

    tranid: str
    formid: str
    user: UserToken
    payment: TildaPayment
    fields: Mapping[str, str]  # the form's own fields (no token, no payment)


def check_webhook_secret(received: str, expected: str) -> None:
    """Compare the URL secret in constant time.

    Raises:
        WrongWebhookSecret: it does not match.
    """
    if not hmac.compare_digest(received.encode("utf-8"), expected.encode("utf-8")):
        raise WrongWebhookSecret()


def parse_webhook(
    form: Mapping[str, object],
    *,
    token_secret: bytes,
    now: datetime,
    currency: str = "RUB",
    token_field: str = TOKEN_FIELD,
) -> TildaHandshake | TildaSubmission:
    """Read a webhook form: the handshake, or a cart submission with a verified user token.

    Raises:
        MalformedWebhook: a field is missing, oversized or malformed.
        BadToken: the user token is forged or expired (from ``sleeplab_core.payments``).
    """
    fields = _as_strings(form)
    if fields.get("test") == "test":
        return TildaHandshake()
    token = fields.get(token_field)
    if not token:
        raise MalformedWebhook("missing; add the hidden field to the form", field=token_field)
    user = verify_user_token(token, token_secret, now)
    raw_payment = _payment_tree(fields)
    return TildaSubmission(
        tranid=_required(fields, "tranid"),
        formid=_required(fields, "formid"),
        user=user,
        payment=_payment(raw_payment, currency),
        fields=_own_fields(fields, token_field),
    )


def _is_payment_key(name: str) -> bool:
    return name == "payment" or name.startswith("payment[")


def _own_fields(fields: Mapping[str, str], token_field: str) -> dict[str, str]:
    """The form's own fields: without the token and what Tilda adds."""
    skip = {token_field, "tranid", "formid"}
    return {k: v for k, v in fields.items() if k not in skip and not _is_payment_key(k)}


def _as_strings(form: Mapping[str, object]) -> dict[str, str]:
    if not isinstance(form, Mapping) or len(form) > MAX_FIELDS:
        raise MalformedWebhook(f"expected at most {MAX_FIELDS} fields", field="form")
    fields: dict[str, str] = {}
    for name, value in form.items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise MalformedWebhook("fields must be single text values", field=str(name)[:80])
        if len(value) > MAX_VALUE_LENGTH:
            raise MalformedWebhook("too long", field=name[:80])
        fields[name] = value
    return fields


def _required(fields: Mapping[str, str], name: str) -> str:
    value = fields.get(name)
    if not value:
        raise MalformedWebhook("missing", field=name)
    return value


def _payment_tree(fields: Mapping[str, str]) -> Mapping[str, object]:
    if "payment" in fields:
        try:
            tree = json.loads(fields["payment"], parse_float=decimal.Decimal)
        except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
            raise MalformedWebhook("not valid JSON", field="payment") from None
    else:
        tree = unflatten(fields, "payment")
    if not isinstance(tree, dict):
        raise MalformedWebhook("missing or not an object", field="payment")
    return tree


def _payment(tree: Mapping[str, object], currency: str) -> TildaPayment:
    products = tree.get("products", [])
    if not isinstance(products, list):
        raise MalformedWebhook("must be a list", field="payment.products")
    promocode = tree.get("promocode")
    return TildaPayment(
        order_id=_text(tree.get("orderid"), "payment.orderid"),
        amount=_money(tree.get("amount"), currency, "payment.amount"),
        products=tuple(_product(p, currency, i) for i, p in enumerate(products)),
        promocode=promocode if isinstance(promocode, str) and promocode else None,
        discount=_optional_money(tree.get("discount"), currency, "payment.discount"),
    )


def _product(raw: object, currency: str, index: int) -> TildaProduct:
    where = f"payment.products.{index}"
    if isinstance(raw, str):
        return TildaProduct(name=raw)
    if not isinstance(raw, dict):
        raise MalformedWebhook("must be an object or a text line", field=where)
    return TildaProduct(
        name=_text(raw.get("name"), f"{where}.name"),
        quantity=_optional_count(raw.get("quantity"), f"{where}.quantity"),
        price=_optional_money(raw.get("price"), currency, f"{where}.price"),
        amount=_optional_money(raw.get("amount"), currency, f"{where}.amount"),
        sku=raw.get("sku") if isinstance(raw.get("sku"), str) else None,
    )


def _text(value: object, field: str) -> str:
    if isinstance(value, int | decimal.Decimal) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise MalformedWebhook("missing", field=field)
    return value.strip()


def _money(value: object, currency: str, field: str) -> Money:
    if isinstance(value, bool) or not isinstance(value, str | int | decimal.Decimal):
        raise MalformedWebhook("missing or not an amount", field=field)
    if isinstance(value, decimal.Decimal) and not -30 < value.adjusted() < 30:
        raise MalformedWebhook("not a plausible amount", field=field)
    text = format(value, "f") if isinstance(value, decimal.Decimal) else str(value).strip()
    try:
        money = Money.from_decimal_string(text, currency)
    except ValidationFailed as error:
        raise MalformedWebhook(error.reason, field=field) from None
    if money.amount < 0:
        raise MalformedWebhook("must not be negative", field=field)
    return money


def _optional_money(value: object, currency: str, field: str) -> Money | None:
    return None if value in (None, "") else _money(value, currency, field)


def _optional_count(value: object, field: str) -> int | None:
    if value in (None, ""):
        return None
    text = str(value).strip()
    if isinstance(value, bool) or not text.isascii() or not text.isdigit() or len(text) > 9:
        raise MalformedWebhook("must be a whole number", field=field)
    return int(text)
