"""``sleeplab payments``: create, show, refund and reconcile orders (operator tools).

Each command is a thin Typer wrapper around an ``async`` function taking the container, so
the same code runs from the shell and from tests.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import attrs
import typer

from entrypoints.settings import Settings
from sleeplab_core.catalog import ProductKind
from sleeplab_core.kernel.errors import Conflict, NotFound, SleeplabError
from sleeplab_core.kernel.money import Money
from sleeplab_core.payments import (
    Gateway,
    InvoiceRequest,
    Order,
    OrderState,
    PaymentGateway,
    PaymentLink,
    PaymentOutcome,
    PaymentRecord,
    PaymentRequest,
    PaymentsContext,
    apply_refund,
    get_order,
    refund_order,
)
from sleeplab_core.payments.effects import order_source
from sleeplab_core.payments.use_cases import checkout

if TYPE_CHECKING:
    from entrypoints.containers import Container

app = typer.Typer(
    name="payments",
    help="Orders and payments: create, show, refund, reconcile.",
    no_args_is_help=True,
)

MISSING_RUN = 100
"""Reconciliation walks order numbers until this many in a row are missing (gaps are rare:
an autoincrement skips a number only when an insert rolls back)."""

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]
T = TypeVar("T")


# The operations -------------------------------------------------------------------------------


async def payments_of(container: Container) -> PaymentsContext:
    from entrypoints.containers import resolve

    await resolve(container.init_resources())
    context: PaymentsContext = await resolve(container.payments())
    return context


def gateway_of(container: Container, kind: Gateway) -> PaymentGateway:
    """Raises:
    typer.BadParameter: the gateway is not configured.
    """
    gateways: tuple[PaymentGateway, ...] = container.payment_gateways()
    found = next((g for g in gateways if g.gateway is kind), None)
    if found is None:
        raise typer.BadParameter(f"{kind.value} is not configured (see docs/payments.md)")
    return found


async def order_command(
    container: Container,
    *,
    user: int,
    product: str,
    gateway: Gateway,
    promo: str | None = None,
    currency: str | None = None,
) -> dict[str, Any]:
    """Create an order and ask its gateway how to pay it (a link or an invoice).

    Raises:
        NotFound: no such user (an order must belong to someone who can be granted it).
    """
    from entrypoints.containers import unit_of_work_factory

    payments = await payments_of(container)
    async with (await unit_of_work_factory(container))() as uow:
        if await uow.users.get(user) is None:
            raise NotFound(f"no user {user}; `sleeplab fixtures --user {user}` creates one")
    sale = await checkout(
        payments,
        gateway_of(container, gateway),
        kind=gateway,
        user_id=user,
        product_code=product,
        currency=currency,
        promo_code=promo,
    )
    order, request = sale.order, sale.request
    return {"order": order_json(order, payments.clock.now()), "pay": request_json(request)}


async def show_command(container: Container, order_id: str) -> dict[str, Any]:
    payments = await payments_of(container)
    async with payments.uow() as uow:
        order = await uow.orders.get(order_id)
        records = await uow.payments.for_order(order_id) if order else []
    if order is None:
        order = await get_order(payments, order_id)  # raises UnknownOrder
    return {
        "order": order_json(order, payments.clock.now()),
        "payments": [record_json(r) for r in records],
    }


async def refund_command(
    container: Container, order_id: str, *, already_refunded: bool = False
) -> dict[str, Any]:
    """Refund through the order's gateway, or only record a refund made in the provider's
    own dashboard (``already_refunded``)."""
    payments = await payments_of(container)
    order = await get_order(payments, order_id)
    if order.state is not OrderState.PAID:
        raise Conflict(f"order {order_id!r} is {order.state.value}: only a paid order is refunded")
    if already_refunded:
        async with payments.uow() as uow:
            records = await uow.payments.for_order(order_id)
        paying = next((r for r in records if r.key == order.payment_key), None)
        if paying is None:
            raise Conflict(f"order {order_id!r} was paid by no recorded payment (a promo code)")
        refund = await apply_refund(payments, paying.gateway, paying.payment_id)
    else:
        refund = await refund_order(payments, gateway_of(container, order.gateway), order_id)
    return {
        "order": order_json(refund.order, payments.clock.now()),
        "refunded": record_json(refund.payment),
        "replay": refund.replay,
        "credits_recovered": refund.credits_recovered,
    }


async def reconcile_command(container: Container) -> dict[str, Any]:
    """Orders by state, and what needs a person: second payments to refund, late payments,
    paid orders without their payment or grant, unpaid orders left open past expiry."""
    payments = await payments_of(container)
    now = payments.clock.now()
    states: Counter[str] = Counter()
    problems: list[dict[str, str]] = []
    async with payments.uow() as uow:
        number, missing = 1, 0
        while missing < MISSING_RUN:
            order = await uow.orders.by_number(number)
            number += 1
            if order is None:
                missing += 1
                continue
            missing = 0
            states[order.state_at(now).value] += 1
            records = await uow.payments.for_order(order.id)
            granted = await uow.entitlements.active(order.user_id, now)
            sources = {e.source for e in granted}
            entitles = payments.catalog.get(order.product).kind is ProductKind.ENTITLEMENT
            problems += _problems(order, records, sources if entitles else None, now)
    return {"states": dict(sorted(states.items())), "mismatches": problems}


def _problems(
    order: Order, records: list[PaymentRecord], sources: set[str] | None, now: datetime
) -> list[dict[str, str]]:
    """``sources``: the buyer's active entitlement sources, None when the product grants
    no lasting entitlement (credits, subscriptions that may have ended)."""
    found = []

    def note(kind: str, detail: str) -> None:
        found.append({"order": order.id, "kind": kind, "detail": detail})

    for record in records:
        if record.outcome is PaymentOutcome.DUPLICATE and record.refunded_at is None:
            note("duplicate_payment", f"{record.key} paid an already paid order: refund it")
        if record.late:
            note("late_payment", f"{record.key} arrived after the order expired (honoured)")
    if order.state is OrderState.PAID:
        paying = [r for r in records if r.key == order.payment_key]
        if not paying and not order.is_free:
            note("paid_without_payment", "the order is paid but no payment record pays it")
        if sources is not None and order_source(order.id) not in sources:
            note("missing_grant", "the order is paid but the buyer has no active entitlement")
    if order.state in (OrderState.CREATED, OrderState.AWAITING_PAYMENT) and now >= order.expires_at:
        note("overdue_open", "unpaid and past expiry: run the expiry job")
    return found


# JSON views -------------------------------------------------------------------------------------


def _money(money: Money) -> dict[str, Any]:
    return {"amount": money.amount, "currency": money.unit, "text": money.to_decimal_string()}


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def order_json(order: Order, now: datetime) -> dict[str, Any]:
    return {
        "id": order.id,
        "number": order.number,
        "user_id": order.user_id,
        "product": order.product,
        "gateway": order.gateway.value,
        "state": order.state_at(now).value,
        "list_price": _money(order.list_price),
        "amount": _money(order.amount),
        "promo_code": order.promo_code,
        "created_at": _time(order.created_at),
        "expires_at": _time(order.expires_at),
        "paid_at": _time(order.paid_at),
    }


def record_json(record: PaymentRecord) -> dict[str, Any]:
    return {
        "key": record.key,
        "amount": _money(record.amount),
        "outcome": record.outcome.value,
        "received_at": _time(record.received_at),
        "payer_id": record.payer_id,
        "late": record.late,
        "refunded_at": _time(record.refunded_at),
    }


def request_json(request: PaymentRequest | None) -> dict[str, Any] | None:
    if isinstance(request, PaymentLink):
        return {"link": request.url}
    if isinstance(request, InvoiceRequest):
        invoice = attrs.asdict(request)
        invoice.pop("provider_token", None)  # a credential: never printed
        return {"invoice": invoice}
    return None


# The commands ---------------------------------------------------------------------------------


def _run(work: Callable[[Container], Awaitable[T]]) -> T:
    # The container is imported here: `sleeplab --help` stays quick.
    from entrypoints.containers import build_container, resolve

    container = build_container(Settings())

    async def run() -> T:
        try:
            return await work(container)
        finally:
            await resolve(container.shutdown_resources())

    try:
        return asyncio.run(run())
    except SleeplabError as error:
        typer.secho(f"refused: {error}", fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from None


def _print(
    result: dict[str, Any], as_json: bool, lines: Callable[[dict[str, Any]], list[str]]
) -> None:
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        for line in lines(result):
            typer.echo(line)


def _order_lines(order: dict[str, Any]) -> list[str]:
    amount = order["amount"]
    return [
        f"order {order['id']} (#{order['number']}): {order['product']} for user "
        f"{order['user_id']}, {amount['text']} {amount['currency']} via {order['gateway']}, "
        f"{order['state']}"
    ]


@app.command("order")
def order_cli(
    user: Annotated[int, typer.Option(help="The buyer's Telegram user id.")],
    product: Annotated[str, typer.Option(help="A catalog code, e.g. sleeplab_l1.")],
    gateway: Annotated[Gateway, typer.Option(help="How the buyer pays.")],
    promo: Annotated[str | None, typer.Option(help="A promo code.")] = None,
    currency: Annotated[str | None, typer.Option(help="Default: XTR for Stars, else RUB.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Create an order; print its id and the payment link or invoice."""
    result = _run(
        lambda c: order_command(
            c, user=user, product=product, gateway=gateway, promo=promo, currency=currency
        )
    )

    def lines(r: dict[str, Any]) -> list[str]:
        pay = r["pay"] or {}
        shown = pay.get("link") or json.dumps(pay.get("invoice"), ensure_ascii=False)
        return [*_order_lines(r["order"]), f"pay: {shown if pay else 'nothing to pay'}"]

    _print(result, as_json, lines)


@app.command("show")
def show_cli(order_id: str, as_json: JsonOption = False) -> None:
    """An order with its payments."""
    result = _run(lambda c: show_command(c, order_id))

    def lines(r: dict[str, Any]) -> list[str]:
        shown = [
            f"  payment {p['key']}: {p['amount']['text']} {p['amount']['currency']}, "
            f"{p['outcome']}{', refunded' if p['refunded_at'] else ''}"
            for p in r["payments"]
        ]
        return [*_order_lines(r["order"]), *shown]

    _print(result, as_json, lines)


@app.command("refund")
def refund_cli(
    order_id: str,
    already_refunded: Annotated[
        bool,
        typer.Option(help="The provider already returned the money: only record it."),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Refund the payment that paid an order (Stars through Telegram)."""
    result = _run(lambda c: refund_command(c, order_id, already_refunded=already_refunded))
    _print(
        result, as_json, lambda r: [*_order_lines(r["order"]), f"refunded {r['refunded']['key']}"]
    )


@app.command("reconcile")
def reconcile_cli(as_json: JsonOption = False) -> None:
    """Orders by state and the mismatches to look at; exits 1 when there are any."""
    result = _run(reconcile_command)

    def lines(r: dict[str, Any]) -> list[str]:
        counts = ", ".join(f"{state}: {n}" for state, n in r["states"].items()) or "no orders"
        found = [f"  {m['order']} {m['kind']}: {m['detail']}" for m in r["mismatches"]]
        return [f"orders: {counts}", f"mismatches: {len(found)}", *found]

    _print(result, as_json, lines)
    if result["mismatches"]:
        raise typer.Exit(1)
