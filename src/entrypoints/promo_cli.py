"""``sleeplab promo``: create, list, show and disable promo codes (operator tools).

Thin Typer wrappers around :mod:`sleeplab_core.payments.promo_admin`; the ``*_command``
functions take the container and return JSON-ready dicts, so tests run the same code.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer

from entrypoints.payments_cli import _run, payments_of
from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.payments.promo_admin import (
    PromoUsage,
    create_promo,
    disable_promo,
    list_promos,
    show_promo,
)
from sleeplab_core.promo.model import DiscountKind, PromoCode, normalize_code

if TYPE_CHECKING:
    from entrypoints.containers import Container

app = typer.Typer(
    name="promo", help="Promo codes: create, list, show, disable.", no_args_is_help=True
)
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def parse_amounts(values: list[str]) -> dict[str, int]:
    """``XTR=50`` ``RUB=10000`` (smallest units) as a mapping.

    Raises:
        ValidationFailed: not ``CURRENCY=amount``.
    """
    amounts: dict[str, int] = {}
    for value in values:
        currency, _, amount = value.partition("=")
        if not currency or not amount.isdigit():
            raise ValidationFailed(f"{value!r}: write CURRENCY=AMOUNT, e.g. XTR=50", field="off")
        amounts[currency.strip().upper()] = int(amount)
    return amounts


def parse_moment(text: str | None) -> datetime | None:
    """An ISO date or date-time; a naive one is read as UTC.

    Raises:
        ValidationFailed: not ISO 8601.
    """
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValidationFailed(f"{text!r} is not a date like 2027-01-31", field="date") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def build_promo(
    code: str,
    *,
    percent: int | None,
    off: list[str],
    products: list[str],
    max_uses: int | None,
    per_user: int | None,
    starts: str | None,
    expires: str | None,
    first_purchase_only: bool,
) -> PromoCode:
    """Raises:
    ValidationFailed: neither or both of ``percent`` and ``off``, or a bad field.
    """
    if (percent is None) == (not off):
        raise ValidationFailed("give either --percent or --off (fixed amounts)", field="kind")
    return PromoCode(
        code=normalize_code(code),
        kind=DiscountKind.PERCENT if percent is not None else DiscountKind.FIXED,
        percent=percent,
        amounts=parse_amounts(off),
        products=frozenset(products),
        max_redemptions=max_uses,
        max_per_user=per_user,
        starts_at=parse_moment(starts),
        expires_at=parse_moment(expires),
        first_purchase_only=first_purchase_only,
    )


def usage_json(usage: PromoUsage) -> dict[str, Any]:
    promo = usage.promo
    return {
        "code": promo.code,
        "kind": promo.kind.value,
        "percent": promo.percent,
        "amounts": dict(promo.amounts),
        "products": sorted(promo.products),
        "max_redemptions": promo.max_redemptions,
        "max_per_user": promo.max_per_user,
        "starts_at": promo.starts_at.isoformat() if promo.starts_at else None,
        "expires_at": promo.expires_at.isoformat() if promo.expires_at else None,
        "first_purchase_only": promo.first_purchase_only,
        "active": usage.active,
        "redeemed": usage.redeemed,
        "reserved": usage.reserved,
        "released": usage.released,
        "live": usage.live,
    }


async def create_command(
    container: Container, promo: PromoCode, *, replace: bool = False
) -> dict[str, Any]:
    payments = await payments_of(container)
    await create_promo(payments.uow, payments.catalog, promo, replace=replace)
    return usage_json(await show_promo(payments.uow, promo.code, payments.clock.now()))


async def list_command(container: Container) -> list[dict[str, Any]]:
    payments = await payments_of(container)
    return [usage_json(u) for u in await list_promos(payments.uow, payments.clock.now())]


async def show_command(container: Container, code: str) -> dict[str, Any]:
    payments = await payments_of(container)
    return usage_json(await show_promo(payments.uow, code, payments.clock.now()))


async def disable_command(container: Container, code: str) -> dict[str, Any]:
    payments = await payments_of(container)
    await disable_promo(payments.uow, code, payments.clock.now())
    return usage_json(await show_promo(payments.uow, code, payments.clock.now()))


def _describe(row: dict[str, Any]) -> str:
    discount = (
        f"{row['percent']} %"
        if row["kind"] == "percent"
        else ", ".join(f"{amount} {unit}" for unit, amount in row["amounts"].items())
    )
    uses = f"{row['live']}/{row['max_redemptions'] or '∞'}"
    limits = f"uses {uses}, per user {row['max_per_user'] or '∞'}"
    window = f"{row['starts_at'] or '…'} → {row['expires_at'] or '…'}"
    products = ", ".join(row["products"]) or "all products"
    state = "active" if row["active"] else "inactive"
    return f"{row['code']}\t{state}\t{discount} off\t{products}\t{limits}\t{window}"


def _print(result: Any, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    for row in result if isinstance(result, list) else [result]:
        typer.echo(_describe(row))
    if isinstance(result, list) and not result:
        typer.echo("no promo codes yet: `sleeplab promo create CODE --percent 20`")


@app.command("create")
def create(
    code: Annotated[str, typer.Argument(help="3 to 32 of A-Z, 0-9, '_' and '-'.")],
    percent: Annotated[int | None, typer.Option(help="Percent off, 1 to 100.")] = None,
    off: Annotated[
        list[str] | None,
        typer.Option(help="A fixed amount off, CURRENCY=AMOUNT in smallest units (repeatable)."),
    ] = None,
    product: Annotated[
        list[str] | None, typer.Option(help="Only for this product code (repeatable).")
    ] = None,
    max_uses: Annotated[int | None, typer.Option(help="Uses by all users together.")] = None,
    per_user: Annotated[int, typer.Option(help="Uses per user (0: no limit).")] = 1,
    starts: Annotated[str | None, typer.Option(help="Valid from (ISO date, UTC).")] = None,
    expires: Annotated[str | None, typer.Option(help="Valid until (ISO date, UTC).")] = None,
    first_purchase_only: Annotated[bool, typer.Option(help="Only for a first purchase.")] = False,
    replace: Annotated[bool, typer.Option(help="Change an existing code.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Create a promo code: percent or fixed off, limits, a validity window, products."""

    async def work(container: Container) -> dict[str, Any]:
        promo = build_promo(
            code,
            percent=percent,
            off=off or [],
            products=product or [],
            max_uses=max_uses,
            per_user=per_user or None,
            starts=starts,
            expires=expires,
            first_purchase_only=first_purchase_only,
        )
        return await create_command(container, promo, replace=replace)

    _print(_run(work), as_json)


@app.command("list")
def list_(as_json: JsonOption = False) -> None:
    """Every promo code with its uses."""
    _print(_run(list_command), as_json)


@app.command("show")
def show(code: str, as_json: JsonOption = False) -> None:
    """One promo code with its uses."""
    _print(_run(lambda container: show_command(container, code)), as_json)


@app.command("disable")
def disable(code: str, as_json: JsonOption = False) -> None:
    """End a code's validity now (open orders that reserved it may still be paid)."""
    _print(_run(lambda container: disable_command(container, code)), as_json)
