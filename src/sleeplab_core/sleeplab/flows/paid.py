"""What the user sees around a payment: prices, and the level unlocking once it is paid."""

from __future__ import annotations

from sleeplab_core.conversation import FlowContext
from sleeplab_core.kernel.money import Money
from sleeplab_core.payments import Order
from sleeplab_core.sleeplab.flows.purchase import INVOICE_TAG, OFFER_TAG, PAYMENT_TAG
from sleeplab_core.sleeplab.journey import LEVELS, PRODUCTS_UNLOCKING

KNOWN_CURRENCIES = frozenset({"XTR", "RUB"})
OFFER_FLOW = "offer"


def price_text(ctx: FlowContext, price: Money) -> str:
    """``250 ⭐``, ``490 ₽``, ``490.50 ₽``: whole amounts without their zero kopecks."""
    amount = price.to_decimal_string()
    if "." in amount and set(amount.split(".")[1]) == {"0"}:
        amount = amount.split(".")[0]
    if price.unit in KNOWN_CURRENCIES:
        return ctx.t(f"sleeplab.pay.amount.{price.unit.lower()}", amount=amount)
    return ctx.t("sleeplab.pay.amount.other", amount=amount, currency=price.unit)


def levels_opened_by(product: str) -> tuple[str, ...]:
    """The paid levels ``product`` opens, in journey order."""
    return tuple(level for level in LEVELS if product in PRODUCTS_UNLOCKING.get(level, ()))


def show_unlocked(ctx: FlowContext, order: Order, flow: str, headline: str) -> None:
    """The order is paid: remove the banner and the invoice, say what opened, go on.

    Args:
        flow: the flow the user is in. From the offer they go straight into the level; from
            anywhere else they stay where they were, with a button to start it.
        headline: the message key that opens the notice (payment received, promo covered
            the price, ...).
    """
    ctx.reach(f"paid:{order.product}")
    ctx.delete(OFFER_TAG)
    ctx.delete(INVOICE_TAG)
    levels = levels_opened_by(order.product)
    wanted = str(ctx.data.get("level", "")) if flow == OFFER_FLOW else ""
    level = wanted if wanted in levels else (levels[0] if levels else None)
    text = ctx.t(headline) + "\n" + ctx.t(f"sleeplab.pay.unlocked.{order.product}")
    if level is None:
        ctx.send(text, tag=PAYMENT_TAG)
    elif flow == OFFER_FLOW:
        ctx.send(text, tag=PAYMENT_TAG)
        ctx.switch("menu", open=level)
    else:
        button = ctx.button("sleeplab.pay.continue", f"paid:open:{level}", level=level)
        ctx.send(text, [[button]], tag=PAYMENT_TAG)
