"""The one checkout: price and create an order, then ask its gateway how to pay it.

Every seller calls this — SleepLab's price banner, ``sleeplab payments order`` — so an order
made by an operator is the order a user would have made.
"""

from __future__ import annotations

import attrs

from sleeplab_core.kernel.users import UserId
from sleeplab_core.payments.context import PaymentsContext
from sleeplab_core.payments.errors import GatewayNotConfigured
from sleeplab_core.payments.model import Gateway, Order, OrderState
from sleeplab_core.payments.ports import PaymentGateway, PaymentRequest
from sleeplab_core.payments.use_cases.cancel_order import cancel_order
from sleeplab_core.payments.use_cases.create_order import create_order
from sleeplab_core.payments.use_cases.get_order import get_order
from sleeplab_core.payments.use_cases.start_payment import start_payment


@attrs.frozen
class Checkout:
    """The order as it stands after checkout and how to pay it (None: a promo code made it
    free, so it is paid and granted already)."""

    order: Order
    request: PaymentRequest | None

    @property
    def paid(self) -> bool:
        return self.request is None and self.order.state is OrderState.PAID


async def checkout(
    ctx: PaymentsContext,
    gateway: PaymentGateway | None,
    *,
    kind: Gateway,
    user_id: UserId,
    product_code: str,
    currency: str | None = None,
    promo_code: str | None = None,
) -> Checkout:
    """Create the order (:func:`create_order`: the price, the promo code reserved) and, unless
    it is free, start paying it through ``gateway`` (:func:`start_payment`: an invoice or a
    link; the order then awaits payment). The gateway is called outside any transaction.

    ``gateway`` may be None only where the seller expects a promo code to make the order
    free (no gateway is then needed); an order that is not free is cancelled again.

    Raises:
        UnknownProduct, PriceNotFound, GatewayMismatch, PromoError: see :func:`create_order`.
        GatewayNotConfigured: ``gateway`` is None and the order is not free.
    """
    order = await create_order(
        ctx,
        user_id=user_id,
        product_code=product_code,
        gateway=kind,
        currency=currency,
        promo_code=promo_code,
    )
    if order.state is OrderState.PAID:
        return Checkout(order, None)
    if gateway is None:
        await cancel_order(ctx, order.id)
        raise GatewayNotConfigured(kind.value)
    request = await start_payment(ctx, gateway, order.id)
    return Checkout(await get_order(ctx, order.id), request)
