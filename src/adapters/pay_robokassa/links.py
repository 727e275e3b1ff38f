"""The payment link that sends a buyer to Robokassa's payment page."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from urllib.parse import quote, urlencode

import attrs

from adapters.pay_robokassa.settings import RobokassaSettings
from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.kernel.money import Money
from sleeplab_core.payments.signatures import link_signature

# Lower-case Shp names, neither a prefix of the other, so every sort order agrees.
SHP_ORDER = "Shp_order"
SHP_USER = "Shp_user"
MAX_INV_ID = 2_147_483_647
MAX_DESCRIPTION = 100
ORDER_ID = re.compile(r"[A-Za-z0-9_-]{1,50}")  # fits a t.me start payload with its prefix


@attrs.frozen
class PaymentLinkRequest:
    """One order to pay: Robokassa's invoice number, the amount and who pays for what."""

    inv_id: int
    amount: Money
    description: str
    order_id: str
    user_id: int
    email: str | None = None
    receipt: Mapping[str, object] | None = None  # the fiscal receipt (54-FZ), as JSON data


def build_payment_url(settings: RobokassaSettings, request: PaymentLinkRequest) -> str:
    """The signed link (Password#1) to Robokassa's payment page.

    Raises:
        ValidationFailed: the invoice number, amount, currency, description or order id
            is outside what Robokassa accepts.
    """
    _check(settings, request)
    out_sum = request.amount.to_decimal_string()
    shp = {SHP_ORDER: request.order_id, SHP_USER: str(request.user_id)}
    # Robokassa signs the receipt URL-encoded once; in the link it is encoded once more.
    receipt = _encoded_receipt(request.receipt)
    signature = link_signature(
        settings.login,
        out_sum,
        str(request.inv_id),
        settings.password1.get_secret_value(),
        shp=shp,
        receipt=receipt,
        algorithm=settings.hash,
    )
    params = {
        "MerchantLogin": settings.login,
        "OutSum": out_sum,
        "InvId": str(request.inv_id),
        "Description": request.description,
        "SignatureValue": signature,
        "Culture": settings.culture,
        **({"Email": request.email} if request.email else {}),
        **({"Receipt": receipt} if receipt is not None else {}),
        **({"IsTest": "1"} if settings.test else {}),
        **shp,
    }
    return f"{settings.payment_page}?{urlencode(params, quote_via=quote)}"


def _check(settings: RobokassaSettings, request: PaymentLinkRequest) -> None:
    if not 1 <= request.inv_id <= MAX_INV_ID:
        raise ValidationFailed(f"must be 1 to {MAX_INV_ID}", field="inv_id")
    if request.amount.unit != settings.currency or request.amount.amount <= 0:
        raise ValidationFailed(f"must be a positive amount in {settings.currency}", field="amount")
    if not 0 < len(request.description) <= MAX_DESCRIPTION:
        raise ValidationFailed(f"1 to {MAX_DESCRIPTION} characters", field="description")
    if not ORDER_ID.fullmatch(request.order_id):
        raise ValidationFailed("letters, digits, '_' and '-', 1 to 50", field="order_id")
    if request.user_id <= 0:
        raise ValidationFailed("must be positive", field="user_id")


def _encoded_receipt(receipt: Mapping[str, object] | None) -> str | None:
    if receipt is None:
        return None
    return quote(json.dumps(receipt, ensure_ascii=False, separators=(",", ":")), safe="")
