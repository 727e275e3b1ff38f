"""Telegram's pre-checkout question: may this order still be paid, for this amount?

Answered within 10 seconds, so the check reads only (no write) and the rule is a pure
function.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import attrs

from sleeplab_core.conversation.actions import AnswerPreCheckout
from sleeplab_core.kernel.i18n import Message
from sleeplab_core.payments.context import PaymentsContext
from sleeplab_core.payments.errors import BadPayload
from sleeplab_core.payments.model import Order
from sleeplab_core.payments.payload import decode_payload

UNKNOWN_ORDER = "payments.precheckout.unknown_order"
WRONG_AMOUNT = "payments.precheckout.wrong_amount"
NOT_PAYABLE = "payments.precheckout.not_payable"
WRONG_PAYER = "payments.precheckout.wrong_payer"


@attrs.frozen
class PreCheckoutVerdict:
    """``ok``, or the message key telling the buyer why not."""

    ok: bool
    message: Message | None = None
    order_id: str | None = None


def check_pre_checkout(
    order: Order | None,
    *,
    currency: str,
    total_amount: int,
    now: datetime,
    payer: int | None = None,
) -> PreCheckoutVerdict:
    """The answer for an order: it exists, the payer is the user it was made for (a
    forwarded invoice is refused), the amount and currency are its own, and it is still
    payable (open and not expired). ``payer`` None skips the payer check."""
    if order is None:
        return PreCheckoutVerdict(False, Message(UNKNOWN_ORDER))
    if payer is not None and order.user_id != payer:
        return PreCheckoutVerdict(False, Message(WRONG_PAYER), order.id)
    if order.currency != currency or order.amount.amount != total_amount:
        return PreCheckoutVerdict(False, Message(WRONG_AMOUNT), order.id)
    if not order.is_payable(now):
        return PreCheckoutVerdict(False, Message(NOT_PAYABLE), order.id)
    return PreCheckoutVerdict(True, None, order.id)


async def pre_checkout(
    ctx: PaymentsContext,
    *,
    payload: str,
    currency: str,
    total_amount: int,
    payer: int | None = None,
) -> PreCheckoutVerdict:
    """Look the payload's order up (read-only) and judge it with :func:`check_pre_checkout`."""
    try:
        order_id = decode_payload(payload)
    except BadPayload:
        return PreCheckoutVerdict(False, Message(UNKNOWN_ORDER))
    async with ctx.uow() as uow:
        order = await uow.orders.get(order_id)
    return check_pre_checkout(
        order, currency=currency, total_amount=total_amount, now=ctx.clock.now(), payer=payer
    )


def answer(
    verdict: PreCheckoutVerdict, query_id: str, render: Callable[[Message], str]
) -> AnswerPreCheckout:
    """The action answering Telegram, the refusal rendered in the buyer's language."""
    text = render(verdict.message) if verdict.message is not None else None
    return AnswerPreCheckout(query_id=query_id, ok=verdict.ok, error_message=text)
