"""Catalog refusals: each names the product (and currency) a person must fix or choose."""

from __future__ import annotations

from sleeplab_core.kernel.errors import NotFound, ValidationFailed


class InvalidCatalog(ValidationFailed):
    """The products file breaks a rule; ``reason`` lists every problem found."""


class UnknownProduct(NotFound):
    """No product has this code."""

    message_key = "payments.error.unknown_product"

    def __init__(self, code: str) -> None:
        super().__init__(f"no product {code!r} in the catalog")
        self.code = code


class PriceNotFound(NotFound):
    """The product is not sold in this currency."""

    message_key = "payments.error.currency_not_offered"

    def __init__(self, code: str, currency: str, offered: tuple[str, ...]) -> None:
        choices = ", ".join(offered) or "none"
        super().__init__(f"{code!r} has no price in {currency!r}; offered: {choices}")
        self.code = code
        self.currency = currency
        self.offered = offered
