"""Constants and helpers of the HTTP payment tests."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from sleeplab_core.payments import Gateway, Order, PaymentsContext, create_order
from sleeplab_core.payments.signatures import result_signature

PASSWORD1 = "web-first-password"
PASSWORD2 = "web-second-password"
TILDA_SECRET = "tilda-url-secret-0123456789abcdefghij"
TILDA_TOKEN_SECRET = "tilda-token-secret-0123456789abcdefgh"
BOT = "SleepLabTestBot"


async def new_order(payments: PaymentsContext, gateway: Gateway, user: int = 7) -> Order:
    return await create_order(payments, user_id=user, product_code="sleeplab_l1", gateway=gateway)


def signed_result(order: Order, *, out_sum: str | None = None) -> dict[str, str]:
    """The ResultURL parameters Robokassa sends for ``order``, signed with Password#2."""
    amount = out_sum or order.amount.to_decimal_string() + "0000"
    shp = {"Shp_order": order.id, "Shp_user": str(order.user_id)}
    signature = result_signature(amount, str(order.number), PASSWORD2, shp=shp)
    return {"OutSum": amount, "InvId": str(order.number), "SignatureValue": signature, **shp}


def query_of(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))
