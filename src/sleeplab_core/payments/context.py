"""What the payments use cases need: storage, catalog, clock, ledger and a few choices."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import attrs

from sleeplab_core.catalog.model import Catalog
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.ledger.ports import Ledger
from sleeplab_core.payments.payload import new_order_id
from sleeplab_core.payments.ports import PaymentsUnitOfWorkFactory

DEFAULT_ORDER_LIFETIME = timedelta(hours=1)


@attrs.frozen(kw_only=True)
class PaymentsContext:
    """The dependencies of every payments use case (built by the composition root).

    ``order_lifetime`` is how long an order stays payable (and its promo reserved);
    ``new_order_id`` makes order ids (random by default; tests may pass a counter).
    """

    uow: PaymentsUnitOfWorkFactory
    catalog: Catalog
    clock: Clock
    ledger: Ledger
    order_lifetime: timedelta = DEFAULT_ORDER_LIFETIME
    new_order_id: Callable[[], str] = new_order_id
