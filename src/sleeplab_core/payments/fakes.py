"""In-memory payment gateways: Telegram Stars, Telegram provider payments and Robokassa.

They behave like the real ones at the port (the same invoices, the same signed links and
callbacks, Robokassa's real signature scheme) and record what they were asked, so tests can
play the provider: ``successful_payment(order)`` or ``result_callback(order)`` produce the
callback the provider would send.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from sleeplab_core.catalog.model import Product
from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.kernel.money import Money
from sleeplab_core.payments.errors import CallbackRejected, RefundFailed
from sleeplab_core.payments.model import Gateway, Order, PaymentRecord
from sleeplab_core.payments.payload import ORDER_ID, encode_payload
from sleeplab_core.payments.ports import GatewayConfirmation, InvoiceRequest, PaymentLink
from sleeplab_core.payments.signatures import (
    HashAlgorithm,
    link_signature,
    result_signature,
    shp_pairs,
    verify_result_signature,
)
from sleeplab_core.payments.telegram import STARS_CURRENCY, confirmation_from_fields, invoice_for

SHP_ORDER = "Shp_order"
SHP_USER = "Shp_user"


class FakeTelegramGateway:
    """Telegram Stars (``Gateway.STARS``) or a provider token (``Gateway.PROVIDER``)."""

    def __init__(self, gateway: Gateway = Gateway.STARS, provider_token: str = "") -> None:
        if gateway not in (Gateway.STARS, Gateway.PROVIDER):
            raise ValueError("a Telegram gateway is STARS or PROVIDER")
        self._gateway = gateway
        self._provider_token = provider_token
        self.invoices: list[InvoiceRequest] = []
        self.refunds: list[str] = []
        self.refuse_refunds = False

    @property
    def gateway(self) -> Gateway:
        return self._gateway

    async def create_payment(self, order: Order, product: Product) -> InvoiceRequest:
        invoice = invoice_for(order, product, self._provider_token)
        self.invoices.append(invoice)
        return invoice

    def verify_callback(self, fields: Mapping[str, str]) -> GatewayConfirmation:
        confirmation = confirmation_from_fields(fields)
        if confirmation.gateway is not self._gateway:
            raise CallbackRejected(f"not a {self._gateway.value} payment", field="currency")
        return confirmation

    async def refund(self, payment: PaymentRecord) -> None:
        if self.refuse_refunds:
            raise RefundFailed(f"the provider refused to refund {payment.key}")
        self.refunds.append(payment.payment_id)

    @staticmethod
    def successful_payment(
        order: Order, charge_id: str, *, recurring: bool = False, amount: int | None = None
    ) -> dict[str, str]:
        """The ``successful_payment`` fields Telegram would deliver for ``order``."""
        provider_charge = "" if order.currency == STARS_CURRENCY else f"p-{charge_id}"
        return {
            "invoice_payload": encode_payload(order.id),
            "currency": order.currency,
            "total_amount": str(order.amount.amount if amount is None else amount),
            "telegram_payment_charge_id": charge_id,
            "provider_payment_charge_id": provider_charge,
            "is_recurring": "true" if recurring else "false",
            "user_id": str(order.user_id),
        }


class FakeRobokassaGateway:
    """Robokassa: signed payment links (Password#1) and ResultURL callbacks (Password#2)."""

    def __init__(
        self,
        *,
        login: str = "demo",
        password1: str = "password-one",
        password2: str = "password-two",
        algorithm: HashAlgorithm = HashAlgorithm.MD5,
        currency: str = "RUB",
        payment_page: str = "https://auth.robokassa.ru/Merchant/Index.aspx",
    ) -> None:
        self._login = login
        self._password1 = password1
        self._password2 = password2
        self._algorithm = algorithm
        self._currency = currency
        self._page = payment_page
        self.links: list[str] = []
        self.refunds: list[str] = []

    @property
    def gateway(self) -> Gateway:
        return Gateway.ROBOKASSA

    async def create_payment(self, order: Order, product: Product) -> PaymentLink:
        out_sum, inv_id = order.amount.to_decimal_string(), str(order.number)
        shp = _shp(order)
        signature = link_signature(
            self._login, out_sum, inv_id, self._password1, shp=shp, algorithm=self._algorithm
        )
        query = {
            "MerchantLogin": self._login,
            "OutSum": out_sum,
            "InvId": inv_id,
            "Description": product.code,
            "SignatureValue": signature,
            **shp,
        }
        link = PaymentLink(f"{self._page}?{urlencode(query)}")
        self.links.append(link.url)
        return link

    def result_callback(self, order: Order, *, out_sum: str | None = None) -> dict[str, str]:
        """The ResultURL parameters Robokassa would send once ``order`` is paid (six decimals,
        as Robokassa writes OutSum)."""
        amount = out_sum or f"{order.amount.to_decimal_string()}0000"
        shp = _shp(order)
        signature = result_signature(
            amount, str(order.number), self._password2, shp=shp, algorithm=self._algorithm
        )
        return {"OutSum": amount, "InvId": str(order.number), "SignatureValue": signature, **shp}

    def verify_callback(self, fields: Mapping[str, str]) -> GatewayConfirmation:
        out_sum, inv_id = _required(fields, "OutSum"), _required(fields, "InvId")
        verify_result_signature(
            _required(fields, "SignatureValue"),
            out_sum,
            inv_id,
            self._password2,
            shp=fields,
            algorithm=self._algorithm,
        )
        shp = {name.lower(): value for name, value in shp_pairs(fields)}
        order_id, user = shp.get(SHP_ORDER.lower(), ""), shp.get(SHP_USER.lower(), "")
        if not ORDER_ID.fullmatch(order_id) or not inv_id.isdigit():
            raise CallbackRejected("malformed order or invoice number", field="InvId")
        try:
            amount = Money.from_decimal_string(out_sum, self._currency)
        except ValidationFailed as error:
            raise CallbackRejected(error.reason, field="OutSum") from None
        return GatewayConfirmation(
            gateway=Gateway.ROBOKASSA,
            payment_id=inv_id,
            order_id=order_id,
            amount=amount,
            order_number=int(inv_id),
            payer_id=int(user) if user.isdigit() and len(user) < 20 else None,
        )

    async def refund(self, payment: PaymentRecord) -> None:
        self.refunds.append(payment.payment_id)


def _shp(order: Order) -> dict[str, str]:
    return {SHP_ORDER: order.id, SHP_USER: str(order.user_id)}


def _required(fields: Mapping[str, str], name: str) -> str:
    value = fields.get(name)
    if not value:
        raise CallbackRejected("missing", field=name)
    return value
