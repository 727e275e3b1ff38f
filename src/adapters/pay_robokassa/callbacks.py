"""Robokassa's calls back: ResultURL (confirms a payment), SuccessURL and FailURL (the buyer).

Pure functions over the request's parameters as a plain mapping (GET query or POST form):
the HTTP layer passes them in and writes out what these return.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

import attrs

from adapters.pay_robokassa.errors import MalformedCallback
from adapters.pay_robokassa.links import ORDER_ID, SHP_ORDER, SHP_USER
from adapters.pay_robokassa.settings import RobokassaSettings
from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.kernel.money import Money
from sleeplab_core.payments.signatures import (
    shp_pairs,
    verify_result_signature,
    verify_success_signature,
)

MAX_PARAMS = 60
MAX_VALUE_LENGTH = 2000
_INV_ID = re.compile(r"[0-9]{1,10}")
_BOT_USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,31}")


@attrs.frozen
class RobokassaConfirmation:
    """A payment Robokassa confirmed; ``out_sum`` is the string as received and signed."""

    inv_id: int
    amount: Money
    out_sum: str
    order_id: str
    user_id: int
    email: str | None = None
    payment_method: str | None = None
    fee: str | None = None


@attrs.frozen
class ReturnToBot:
    """The buyer's browser coming back from the payment page."""

    order_id: str
    outcome: Literal["paid", "unpaid"]

    def deep_link(self, bot_username: str) -> str:
        """``https://t.me/<bot>?start=paid-<order>``: opens the bot, which checks the order.

        Raises:
            ValidationFailed: the bot username is not a Telegram username.
        """
        if not _BOT_USERNAME.fullmatch(bot_username):
            raise ValidationFailed("not a Telegram bot username", field="bot_username")
        return f"https://t.me/{bot_username}?start={self.outcome}-{self.order_id}"


def parse_result(
    params: Mapping[str, object], settings: RobokassaSettings
) -> RobokassaConfirmation:
    """Verify a ResultURL call with Password#2 and read the confirmation.

    Raises:
        MalformedCallback: a parameter is missing, oversized or malformed.
        BadSignature: the signature does not match (forged, tampered or another password).
    """
    fields = _as_strings(params)
    out_sum, inv_id = _required(fields, "OutSum"), _required(fields, "InvId")
    verify_result_signature(
        _required(fields, "SignatureValue"),
        out_sum,
        inv_id,
        settings.password2.get_secret_value(),
        shp=fields,
        algorithm=settings.hash,
    )
    return RobokassaConfirmation(
        inv_id=_inv_id(inv_id),
        amount=_amount(out_sum, settings.currency),
        out_sum=out_sum,
        order_id=_order_id(fields),
        user_id=_user_id(fields),
        email=fields.get("EMail"),
        payment_method=fields.get("PaymentMethod"),
        fee=fields.get("Fee"),
    )


def result_answer(confirmation: RobokassaConfirmation) -> str:
    """The body Robokassa expects once the payment is recorded: ``OK<InvId>``."""
    return f"OK{confirmation.inv_id}"


def parse_success(params: Mapping[str, object], settings: RobokassaSettings) -> ReturnToBot:
    """Verify a SuccessURL redirect (Password#1). It proves nothing about payment by itself:
    only ResultURL confirms; the bot looks the order up when the user arrives.

    Raises:
        MalformedCallback, BadSignature.
    """
    fields = _as_strings(params)
    verify_success_signature(
        _required(fields, "SignatureValue"),
        _required(fields, "OutSum"),
        _required(fields, "InvId"),
        settings.password1.get_secret_value(),
        shp=fields,
        algorithm=settings.hash,
    )
    return ReturnToBot(_order_id(fields), "paid")


def parse_fail(params: Mapping[str, object]) -> ReturnToBot:
    """Read a FailURL redirect. Robokassa does not sign it: use it only to send the user back.

    Raises:
        MalformedCallback: the order parameter is missing or malformed.
    """
    return ReturnToBot(_order_id(_as_strings(params)), "unpaid")


def _as_strings(params: Mapping[str, object]) -> dict[str, str]:
    if not isinstance(params, Mapping) or len(params) > MAX_PARAMS:
        raise MalformedCallback(f"expected at most {MAX_PARAMS} parameters", field="params")
    fields: dict[str, str] = {}
    for name, value in params.items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise MalformedCallback("parameters must be single text values", field=str(name))
        if len(value) > MAX_VALUE_LENGTH:
            raise MalformedCallback(f"longer than {MAX_VALUE_LENGTH} characters", field=name)
        fields[name] = value
    return fields


def _required(fields: Mapping[str, str], name: str) -> str:
    value = fields.get(name)
    if not value:
        raise MalformedCallback("missing", field=name)
    return value


def _shp(fields: Mapping[str, str], name: str) -> str:
    found = {k.lower(): v for k, v in shp_pairs(fields)}.get(name.lower())
    if found is None:
        raise MalformedCallback("missing", field=name)
    return found


def _inv_id(text: str) -> int:
    if not _INV_ID.fullmatch(text):
        raise MalformedCallback("must be a positive integer", field="InvId")
    return int(text)


def _amount(out_sum: str, currency: str) -> Money:
    try:
        money = Money.from_decimal_string(out_sum, currency)
    except ValidationFailed as error:
        raise MalformedCallback(error.reason, field="OutSum") from None
    if money.amount <= 0:
        raise MalformedCallback("must be positive", field="OutSum")
    return money


def _order_id(fields: Mapping[str, str]) -> str:
    order_id = _shp(fields, SHP_ORDER)
    if not ORDER_ID.fullmatch(order_id):
        raise MalformedCallback("letters, digits, '_' and '-', 1 to 50", field=SHP_ORDER)
    return order_id


def _user_id(fields: Mapping[str, str]) -> int:
    text = _shp(fields, SHP_USER)
    if not text.isascii() or not text.isdigit() or len(text) > 20 or int(text) <= 0:
        raise MalformedCallback("must be a positive integer", field=SHP_USER)
    return int(text)
