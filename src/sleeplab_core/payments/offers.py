"""What the purchase screens show: a product's price per payment method, and what to tell
the buyer once a payment is confirmed (message keys; the flows render them)."""

from __future__ import annotations

from collections.abc import Sequence, Set

import attrs

from sleeplab_core.catalog.errors import PriceNotFound
from sleeplab_core.catalog.model import Catalog, Product
from sleeplab_core.kernel.i18n import Message
from sleeplab_core.kernel.money import Money
from sleeplab_core.payments.model import Gateway
from sleeplab_core.payments.pricing import Quote, quote
from sleeplab_core.payments.use_cases.confirm_payment import Confirmation
from sleeplab_core.payments.use_cases.create_order import currency_for
from sleeplab_core.promo.model import PromoCode

CONFIRMED = "payments.confirmed"
FREE_ORDER = "payments.free_order"
"""For an order a 100 % promo code completed: ``create_order`` returns it already paid."""
ALREADY_PAID = "payments.already_paid"


@attrs.frozen
class PaymentOption:
    """One way to pay, at the price :func:`~sleeplab_core.payments.pricing.quote` gives."""

    gateway: Gateway
    quote: Quote

    @property
    def price(self) -> Money:
        """What this buyer is charged through this gateway."""
        return self.quote.amount


@attrs.frozen
class Offer:
    """A product with a price for each payment method that can sell it (the price banner)."""

    product: Product
    options: tuple[PaymentOption, ...]

    @property
    def title(self) -> Message:
        return Message(self.product.title_key)

    @property
    def description(self) -> Message:
        return Message(self.product.description_key)


def offer_for(
    catalog: Catalog,
    product_code: str,
    gateways: Sequence[Gateway],
    *,
    owned: Set[str] = frozenset(),
    promo: PromoCode | None = None,
) -> Offer:
    """The options for ``product_code`` among the configured ``gateways``, in their order,
    priced for a buyer owning ``owned`` with ``promo`` applied (the same price the order
    will charge); a gateway whose currency the product has no price in is left out.

    Raises:
        UnknownProduct: no such product.
    """
    product = catalog.get(product_code)
    options = []
    for gateway in gateways:
        try:
            price = quote(
                catalog, product.code, currency_for(gateway, None), owned=owned, promo=promo
            )
        except PriceNotFound:
            continue
        options.append(PaymentOption(gateway, price))
    return Offer(product, tuple(options))


def confirmation_notice(result: Confirmation) -> Message:
    """What to tell the buyer after a confirmation (replays get the same text)."""
    return Message(CONFIRMED if result.granted else ALREADY_PAID)
