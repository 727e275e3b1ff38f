"""Ask the order's gateway how to pay it (an invoice, a link) and mark it awaiting payment."""

from __future__ import annotations

from sleeplab_core.payments.context import PaymentsContext
from sleeplab_core.payments.errors import GatewayMismatch
from sleeplab_core.payments.model import OrderState
from sleeplab_core.payments.ports import PaymentGateway, PaymentRequest
from sleeplab_core.payments.use_cases.get_order import payable_order


async def start_payment(
    ctx: PaymentsContext, gateway: PaymentGateway, order_id: str
) -> PaymentRequest:
    """Ask the gateway how to pay the order and mark it awaiting payment.

    Raises:
        UnknownOrder: no such order.
        OrderNotPayable: paid, expired, cancelled or refunded.
        GatewayMismatch: the order was made for another gateway.
    """
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        order = await payable_order(uow, order_id, now)
    if order.gateway is not gateway.gateway:
        raise GatewayMismatch(gateway.gateway.value, order.currency)
    # The gateway may call out (createInvoiceLink): never inside an open transaction.
    request = await gateway.create_payment(order, ctx.catalog.get(order.product))
    async with ctx.uow() as uow:
        current = await uow.orders.get(order_id)
        if current is not None and current.state is OrderState.CREATED:
            await uow.orders.save(current.moved_to(OrderState.AWAITING_PAYMENT, now))
            await uow.commit()
    return request
