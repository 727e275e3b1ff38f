"""Subscription use cases: a free trial once per user, cancellation, status."""

from __future__ import annotations

from sleeplab_core.catalog.model import ProductKind
from sleeplab_core.entitlements.model import Entitlement
from sleeplab_core.kernel.errors import NotFound
from sleeplab_core.kernel.users import UserId
from sleeplab_core.payments.context import PaymentsContext
from sleeplab_core.payments.errors import NoTrial, TrialAlreadyUsed
from sleeplab_core.payments.subscriptions import Subscription, trial


def trial_source(product: str) -> str:
    """The entitlement source of a product's free trial (one per user and product)."""
    return f"trial:{product}"


async def start_trial(ctx: PaymentsContext, user_id: UserId, product_code: str) -> Subscription:
    """Start the product's free trial: once per user and product, ever.

    Raises:
        UnknownProduct: no such product.
        NoTrial: the product has no trial (or is not a subscription).
        TrialAlreadyUsed: the user took this trial before (even if it was refunded or ended).
    """
    product = ctx.catalog.get(product_code)
    if product.kind is not ProductKind.SUBSCRIPTION or product.trial is None:
        raise NoTrial(product_code)
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        current = await uow.subscriptions.get(user_id, product.code)
        if current is not None and current.is_active(now):
            raise TrialAlreadyUsed(product.code)  # a subscriber needs no trial
        if not await uow.subscriptions.claim_trial(user_id, product.code, now):
            raise TrialAlreadyUsed(product.code)
        started = trial(user_id=user_id, product=product.code, length=product.trial, now=now)
        await uow.subscriptions.save(started)
        for code in product.granted_products:
            entitlement = Entitlement(
                user_id, code, trial_source(product.code), now, started.period_end
            )
            await uow.entitlements.grant(entitlement)
        await uow.commit()
    return started


async def cancel_subscription(
    ctx: PaymentsContext, user_id: UserId, product_code: str
) -> Subscription:
    """Turn renewal off; access lasts until the end of the paid period.

    The gateway side (Stars: ``editUserStarSubscription``) is the adapter's job.

    Raises:
        NotFound: the user has no such subscription.
    """
    async with ctx.uow() as uow:
        current = await uow.subscriptions.get(user_id, product_code)
        if current is None:
            raise NotFound(f"user {user_id} has no {product_code!r} subscription")
        cancelled = current.cancelled()
        await uow.subscriptions.save(cancelled)
        await uow.commit()
    return cancelled


async def subscription_of(
    ctx: PaymentsContext, user_id: UserId, product_code: str
) -> Subscription | None:
    async with ctx.uow() as uow:
        return await uow.subscriptions.get(user_id, product_code)
