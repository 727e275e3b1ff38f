"""Payment callbacks over HTTP: Robokassa (ResultURL, SuccessURL, FailURL) and Tilda.

Every callback is replay-safe: the confirmation is stored once per provider payment (see
docs/payments.md), and the buyer's conversation hears about an order once (its event's
delivery key is per order). A refused callback changes nothing and is answered with a 4xx
and a reason; the log names the order, never a secret.

When a channel that reaches users outside an update is available (``app.state.
payment_channel``, or the Telegram runtime's ``push_channel``), the buyer is told right
after the gateway got its answer (the confirmation is committed first, the answer second,
the message to the buyer third): the offer banner is deleted and the level unlocks where
they are. Otherwise they see it when
they come back through the payment page's deep link.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.background import BackgroundTask

from adapters.pay_robokassa.callbacks import ReturnToBot
from adapters.pay_robokassa.gateway import RobokassaGateway
from adapters.pay_tilda import TildaHandshake
from adapters.pay_tilda.gateway import TildaGateway
from entrypoints.containers import Container, conversations_for, resolve
from entrypoints.web.guard import TooManyFailures, attempts_of, source_of
from entrypoints.web.sanitize import printable
from sleeplab_core.conversation import Channel, Conversations
from sleeplab_core.kernel.errors import Conflict, SleeplabError, ValidationFailed
from sleeplab_core.payments import (
    AmountMismatch,
    Gateway,
    GatewayConfirmation,
    OrderMismatch,
    PaymentGateway,
    PaymentsContext,
    UnknownOrder,
    confirm_payment,
)
from sleeplab_core.payments.signatures import BadSignature
from sleeplab_core.sleeplab.flows.purchase import announce_payment
from sleeplab_core.sleeplab.journey import PRODUCTS_UNLOCKING

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024
"""Robokassa and Tilda send a few kilobytes; anything far bigger is refused with 413."""
MAX_FIELDS = 200
REASON_LIMIT = 300
_ORDER_ID = re.compile(r"[A-Za-z0-9_-]{1,50}")
SLEEPLAB_PRODUCTS = frozenset().union(*PRODUCTS_UNLOCKING.values())

ROBOKASSA_FIELDS = ("OutSum", "InvId", "SignatureValue", "Shp_order", "Shp_user")
_FORM = {
    "requestBody": {
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {name: {"type": "string"} for name in ROBOKASSA_FIELDS},
                }
            }
        }
    }
}
_QUERY = {
    "parameters": [
        {"name": name, "in": "query", "required": False, "schema": {"type": "string"}}
        for name in ROBOKASSA_FIELDS
    ]
}
_TILDA_FORM = {
    "requestBody": {
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {
                        name: {"type": "string"}
                        for name in ("test", "tranid", "formid", "payment", "sleeplab_token")
                    },
                }
            }
        }
    }
}
_TEXT = {"content": {"text/plain": {"schema": {"type": "string"}}}}
_ERROR = {"description": "refused, with the reason", "content": {"application/json": {}}}
_ANSWERS: dict[int | str, dict[str, Any]] = {
    400: _ERROR,
    403: _ERROR,
    404: _ERROR,
    409: _ERROR,
    413: _ERROR,
    429: _ERROR,
}


class Refused(Exception):
    """A callback refused with ``status`` and a reason safe to show and log."""

    def __init__(self, status: int, reason: str, *, failed_check: bool = False) -> None:
        self.status = status
        self.reason = printable(reason, REASON_LIMIT)
        """Safe to echo: control characters escaped, length bounded."""
        super().__init__(self.reason)
        self.failed_check = failed_check
        """A wrong secret or signature: counts against the source (see ``guard``)."""


class PaymentServices:
    """What the callbacks need, resolved from the container on first use (the database
    opens then)."""

    def __init__(self, container: Container) -> None:
        self._container = container
        self._payments: PaymentsContext | None = None
        self._conversations: Conversations | None = None

    async def payments(self) -> PaymentsContext:
        if self._payments is None:
            await resolve(self._container.init_resources())
            self._payments = await resolve(self._container.payments())
        return self._payments

    def gateway(self, kind: Gateway) -> PaymentGateway | None:
        gateways: tuple[PaymentGateway, ...] = self._container.payment_gateways()
        return next((g for g in gateways if g.gateway is kind), None)

    def bot_username(self) -> str | None:
        username: str | None = self._container.settings().bot_username
        return username

    async def conversations(self) -> Conversations:
        if self._conversations is None:
            self._conversations = await conversations_for(self._container, "sleeplab")
        return self._conversations


def router_for(container: Container) -> APIRouter:
    """The payment routes, served with the container's storage and gateways."""
    services = PaymentServices(container)
    router = APIRouter(prefix="/payments", tags=["payments"], responses=_ANSWERS)

    @router.get(
        "/robokassa/result",
        response_class=PlainTextResponse,
        openapi_extra=_QUERY,
        responses={200: _TEXT},
    )
    async def robokassa_result_get(request: Request) -> Response:
        """Robokassa's ResultURL by GET: verify, confirm once, answer ``OK<InvId>``."""
        return await _guarded(_robokassa_result, request, services)

    @router.post(
        "/robokassa/result",
        response_class=PlainTextResponse,
        openapi_extra=_FORM,
        responses={200: _TEXT},
    )
    async def robokassa_result_post(request: Request) -> Response:
        """Robokassa's ResultURL by POST (urlencoded form)."""
        return await _guarded(_robokassa_result, request, services)

    async def robokassa_return(request: Request) -> Response:
        """The buyer back from Robokassa: to the bot by a t.me deep link (``paid-<order>``
        from SuccessURL, ``unpaid-<order>`` from FailURL)."""
        return await _guarded(_robokassa_return, request, services)

    for page in ("success", "fail"):
        for method, extra in (("GET", _QUERY), ("POST", _FORM)):
            router.add_api_route(
                f"/robokassa/{page}",
                robokassa_return,
                methods=[method],
                operation_id=f"robokassa_{page}_{method.lower()}",
                openapi_extra=extra,
                responses={303: {"description": "to the bot"}},
            )

    @router.post(
        "/tilda/{secret}",
        response_class=PlainTextResponse,
        openapi_extra=_TILDA_FORM,
        responses={200: _TEXT},
    )
    async def tilda_webhook(secret: str, request: Request) -> Response:
        """Tilda's form webhook: ``test=test`` answers ``ok``; a paid cart confirms once."""
        return await _guarded(_tilda, request, services, secret)

    return router


async def _guarded(handler: Any, request: Request, *args: Any) -> Response:
    try:
        response: Response = await handler(request, *args)
    except Refused as refusal:
        return JSONResponse({"ok": False, "error": refusal.reason}, status_code=refusal.status)
    return response


async def _robokassa_result(request: Request, services: PaymentServices) -> Response:
    gateway = _robokassa(services)
    fields = await _fields(request)
    order_id = _order_of(fields)
    with _counting_failures(request, f"Robokassa ResultURL for order {order_id} (bad signature)"):
        try:
            confirmation = gateway.verify_callback(fields)
        except BadSignature as error:
            raise Refused(400, str(error), failed_check=True) from None
        except ValidationFailed as error:
            log.warning(
                "Robokassa ResultURL refused for order %s: %s",
                order_id,
                printable(error, REASON_LIMIT),
            )
            raise Refused(400, str(error)) from None
    tell_buyer = await _confirm(services, confirmation, request)
    return PlainTextResponse(f"OK{confirmation.payment_id}", background=tell_buyer)


async def _robokassa_return(request: Request, services: PaymentServices) -> Response:
    gateway = _robokassa(services)
    fields = await _fields(request)
    paid = request.url.path.endswith("/success")
    try:
        back: ReturnToBot = gateway.success(fields) if paid else gateway.fail(fields)
    except ValidationFailed as error:
        log.info(
            "Robokassa return refused for order %s: %s",
            _order_of(fields),
            printable(error, REASON_LIMIT),
        )
        raise Refused(400, str(error)) from None
    username = services.bot_username()
    if not username:
        raise Refused(404, "set SLEEPLAB_BOT_USERNAME to send buyers back to the bot")
    try:
        link = back.deep_link(username)
    except ValidationFailed as error:
        raise Refused(404, str(error)) from None
    return RedirectResponse(link, status_code=303)


async def _tilda(request: Request, services: PaymentServices, secret: str) -> Response:
    gateway = services.gateway(Gateway.TILDA)
    if not isinstance(gateway, TildaGateway):
        raise Refused(404, "no Tilda page is configured")
    with _counting_failures(request, "Tilda webhook with a wrong secret"):
        try:
            gateway.check_secret(secret)
        except ValidationFailed:
            raise Refused(403, "wrong webhook secret", failed_check=True) from None
    fields = await _fields(request)
    try:
        if isinstance(gateway.parse(fields), TildaHandshake):
            return PlainTextResponse("ok")
        confirmation = gateway.verify_callback(fields)
    except ValidationFailed as error:
        log.warning("Tilda webhook refused: %s", printable(error, REASON_LIMIT))
        raise Refused(400, str(error)) from None
    tell_buyer = await _confirm(services, confirmation, request)
    return PlainTextResponse("ok", background=tell_buyer)


async def _confirm(
    services: PaymentServices, confirmation: GatewayConfirmation, request: Request
) -> BackgroundTask | None:
    """Confirm once (committed before the gateway is answered), and return the telling of
    the buyer, to run after the answer went out: a slow or rate-limited Telegram never
    delays the gateway's answer (Tilda re-sends after about 5 s). A failure to tell loses
    nothing: the payment is stored, and the buyer sees it on their way back."""
    order_id = confirmation.order_id
    try:
        result = await confirm_payment(await services.payments(), confirmation)
    except (UnknownOrder, AmountMismatch, OrderMismatch) as error:
        raise Refused(400, str(error)) from None  # logged by the use case with the order id
    except Conflict as error:
        log.warning("payment for order %s conflicts: %s", order_id, printable(error, REASON_LIMIT))
        raise Refused(409, str(error)) from None
    except SleeplabError as error:
        log.warning("payment for order %s refused: %s", order_id, printable(error, REASON_LIMIT))
        raise Refused(400, str(error)) from None
    if result.replay:
        log.info("replayed %s callback for order %s", confirmation.gateway.value, order_id)
    channel = _push_channel(request)
    if channel is None or result.order.product not in SLEEPLAB_PRODUCTS or not result.granted:
        return None
    order = result.order

    async def tell_buyer() -> None:
        try:
            await announce_payment(await services.conversations(), channel, order)
        except Exception:
            log.exception("could not tell user %s about order %s", order.user_id, order_id)

    return BackgroundTask(tell_buyer)


@contextmanager
def _counting_failures(request: Request, what: str) -> Iterator[None]:
    """Refuse a source that failed too often lately (429); count a failed check inside."""
    attempts, source = attempts_of(request), source_of(request)
    try:
        attempts.check(source)
    except TooManyFailures:
        raise Refused(429, "too many failed attempts; try later") from None
    try:
        yield
    except Refused as refusal:
        if refusal.failed_check:
            attempts.failed(source, what)
        raise


def _push_channel(request: Request) -> Channel | None:
    channel = getattr(request.app.state, "payment_channel", None)
    if channel is None:
        runtime = getattr(request.app.state, "telegram", None)
        channel = getattr(runtime, "push_channel", None)
    return channel


def _robokassa(services: PaymentServices) -> RobokassaGateway:
    gateway = services.gateway(Gateway.ROBOKASSA)
    if not isinstance(gateway, RobokassaGateway):
        raise Refused(404, "Robokassa is not configured")
    return gateway


async def _fields(request: Request) -> dict[str, str]:
    """The query, or the urlencoded body of a POST: single text values, size-limited.

    Raises:
        Refused: 413 for a huge body, 400 for anything that is not a flat urlencoded form.
    """
    pairs = list(request.query_params.multi_items())
    if request.method == "POST":
        body = await _body(request)
        try:
            text = body.decode("utf-8")
            pairs += parse_qsl(text, keep_blank_values=True, max_num_fields=MAX_FIELDS)
        except ValueError:  # also UnicodeDecodeError
            raise Refused(400, "the body is not an urlencoded UTF-8 form") from None
    if len(pairs) > MAX_FIELDS:
        raise Refused(400, f"more than {MAX_FIELDS} fields")
    fields: dict[str, str] = {}
    for name, value in pairs:
        if name in fields:
            raise Refused(400, f"{name[:40]}: given more than once")
        fields[name] = value
    return fields


async def _body(request: Request) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise Refused(413, f"the body is larger than {MAX_BODY_BYTES} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise Refused(413, f"the body is larger than {MAX_BODY_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _order_of(fields: Mapping[str, str]) -> str:
    """The order a callback names, for the log (only when it looks like an order id)."""
    for name, value in fields.items():
        if name.lower() == "shp_order" and _ORDER_ID.fullmatch(value):
            return value
    return "?"
