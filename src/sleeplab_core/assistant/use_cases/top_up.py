"""Top up credits: a Stars order for a pack (or the subscription) and its invoice."""

from __future__ import annotations

from sleeplab_core.assistant.purchase import Purchases
from sleeplab_core.kernel.users import UserId
from sleeplab_core.payments.ports import InvoiceRequest
from sleeplab_core.storage.ports import UnitOfWork


async def top_up(
    uow: UnitOfWork, purchases: Purchases, *, user_id: UserId, product_code: str
) -> InvoiceRequest | None:
    """The invoice selling ``product_code`` (one of the offered packs) for Stars, its order
    created in ``uow``; None where the store keeps no orders (top-up is unavailable).

    Raises:
        SleeplabError: an unknown product or one without a Stars price.
    """
    if not purchases.available(uow):
        return None
    return await purchases.invoice_request(uow, user_id, product_code)
