"""May the code a buyer typed discount this product for them now?"""

from __future__ import annotations

from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.users import UserId
from sleeplab_core.payments.ports import PaymentsUnitOfWork
from sleeplab_core.promo.errors import PromoNotFound
from sleeplab_core.promo.model import PromoCode, normalize_code
from sleeplab_core.promo.rules import check_applicable, check_limits

MAX_PROMO_LENGTH = 40


async def check_promo(
    uow: PaymentsUnitOfWork,
    clock: Clock,
    *,
    user_id: UserId,
    typed: str,
    product: str,
    own_order: str | None = None,
) -> PromoCode:
    """The promo code the user typed, if it may discount ``product`` for them now
    (``own_order``'s reservation of it — the order the buyer has open — not counted).

    Raises:
        PromoError: unknown, not active, expired, not for the product, for first purchases
            only, or used up (the subclass carries the message key).
    """
    code = normalize_code(typed[:MAX_PROMO_LENGTH]) if typed.strip() else "-"
    promo = await uow.promos.get(code) if len(typed) <= MAX_PROMO_LENGTH else None
    if promo is None:
        raise PromoNotFound(code)
    now = clock.now()
    first = not await uow.orders.has_paid(user_id)
    check_applicable(promo, product=product, now=now, first_purchase=first)
    uses = [use for use in await uow.promos.uses(promo.code) if use.order_id != own_order]
    check_limits(promo, uses, user_id=user_id, now=now)
    return promo
