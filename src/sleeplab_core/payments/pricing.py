"""The one price function: what a buyer pays for a product, shown and charged alike.

The banner, its buttons, the invoice and the order all come from :func:`quote`, so a
promo code or an owned part of a bundle changes every one of them the same way.
"""

from __future__ import annotations

from collections.abc import Set

import attrs

from sleeplab_core.catalog.model import Catalog, Product
from sleeplab_core.kernel.money import Money
from sleeplab_core.promo.errors import PromoNotForCurrency
from sleeplab_core.promo.model import PromoCode
from sleeplab_core.promo.rules import discounted


@attrs.frozen
class Quote:
    """The price of ``product`` for one buyer in one currency.

    ``list_price`` is the catalog's; ``base`` is what remains after parts of a bundle the
    buyer already owns; ``amount`` is ``base`` less the promo discount (what is charged).
    ``promo`` is the code that took something off, or None when none applied.
    """

    product: str
    list_price: Money
    base: Money
    amount: Money
    promo: str | None = None

    @property
    def is_upgrade(self) -> bool:
        """The buyer owns part of the bundle, so it is sold as an upgrade."""
        return self.base != self.list_price


def missing_parts(product: Product, owned: Set[str]) -> tuple[str, ...]:
    """The parts of a bundle the buyer does not own yet (a plain product has no parts)."""
    return tuple(part for part in product.includes if part not in owned)


def owns_part_of(product: Product, owned: Set[str]) -> bool:
    """Whether the buyer already owns something the bundle includes."""
    return any(part in owned for part in product.includes)


def quote(
    catalog: Catalog,
    product_code: str,
    currency: str,
    *,
    owned: Set[str] = frozenset(),
    promo: PromoCode | None = None,
) -> Quote:
    """What ``product_code`` costs in ``currency`` for a buyer owning ``owned`` products,
    with ``promo`` (already checked to apply to this buyer) taken off.

    A bundle never costs more than the parts still missing; a promo with no discount in
    the currency (a fixed amount in other currencies only) leaves the price as it is.

    Raises:
        UnknownProduct, PriceNotFound: the product is unknown or not sold in the currency.
    """
    product = catalog.get(product_code)
    list_price = product.price_for(currency)
    base = list_price
    if owns_part_of(product, owned):
        parts = sum(catalog.price_for(p, currency).amount for p in missing_parts(product, owned))
        base = Money(min(list_price.amount, parts), currency)
    if promo is None:
        return Quote(product.code, list_price, base, base)
    try:
        amount = discounted(base, promo)
    except PromoNotForCurrency:
        return Quote(product.code, list_price, base, base)
    return Quote(product.code, list_price, base, amount, promo.code)
