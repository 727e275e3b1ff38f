"""Products as data: what is sold, for how much in each currency, and what a sale gives."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Mapping
from datetime import timedelta
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from sleeplab_core.catalog.errors import PriceNotFound, UnknownProduct
from sleeplab_core.kernel.money import Money

CODE_PATTERN = r"^[a-z][a-z0-9_]{1,39}$"  # anchored: pydantic patterns search
CURRENCY_PATTERN = re.compile(r"[A-Z]{3}")
MAX_STARS_SUBSCRIPTION = 10_000  # Telegram's ceiling for a Stars subscription price


class ProductKind(enum.StrEnum):
    ENTITLEMENT = "entitlement"
    """A one-time purchase: grants the products in ``grants`` for good."""
    CREDITS = "credits"
    """A pack: books ``credits`` units of ``unit`` to the buyer's ledger account."""
    SUBSCRIPTION = "subscription"
    """Access for ``period_days``, extended by each recurring payment."""


class Product(BaseModel):
    """One product of the catalog (validated when the catalog is loaded).

    ``prices`` maps a currency (``RUB``, ``XTR``...) to the price in its smallest unit.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=CODE_PATTERN)
    kind: ProductKind
    prices: dict[str, int]
    grants: tuple[Annotated[str, Field(pattern=CODE_PATTERN)], ...] = ()
    credits: int | None = Field(default=None, gt=0)
    unit: str = "credits"
    period_days: int | None = Field(default=None, gt=0, le=366)
    trial_days: int | None = Field(default=None, gt=0, le=366)
    includes: tuple[Annotated[str, Field(pattern=CODE_PATTERN)], ...] = ()
    """The products a bundle is made of: a buyer owning some of them never pays more for
    the bundle than for the parts still missing (see ``payments.pricing``)."""

    @field_validator("prices")
    @classmethod
    def _positive_prices(cls, prices: dict[str, int]) -> dict[str, int]:
        if not prices:
            raise ValueError("at least one price is needed")
        for currency, amount in prices.items():
            if not CURRENCY_PATTERN.fullmatch(currency):
                raise ValueError(f"{currency!r} is not a currency code like 'RUB' or 'XTR'")
            if isinstance(amount, bool) or amount <= 0:
                raise ValueError(f"the {currency} price must be a positive integer")
        return prices

    @model_validator(mode="after")
    def _fields_fit_the_kind(self) -> Self:
        kind = self.kind
        if (self.credits is not None) != (kind is ProductKind.CREDITS):
            raise ValueError("'credits' is required for, and only for, kind 'credits'")
        if (self.period_days is not None) != (kind is ProductKind.SUBSCRIPTION):
            raise ValueError("'period_days' is required for, and only for, kind 'subscription'")
        if self.trial_days is not None and kind is not ProductKind.SUBSCRIPTION:
            raise ValueError("'trial_days' is only for kind 'subscription'")
        if kind is ProductKind.SUBSCRIPTION and self.prices.get("XTR", 0) > MAX_STARS_SUBSCRIPTION:
            raise ValueError(f"a Stars subscription costs at most {MAX_STARS_SUBSCRIPTION} XTR")
        return self

    @property
    def granted_products(self) -> tuple[str, ...]:
        """The entitlement codes a sale grants (a credits pack grants none)."""
        if self.kind is ProductKind.CREDITS:
            return ()
        return self.grants or (self.code,)

    @property
    def period(self) -> timedelta | None:
        return timedelta(days=self.period_days) if self.period_days else None

    @property
    def trial(self) -> timedelta | None:
        return timedelta(days=self.trial_days) if self.trial_days else None

    @property
    def title_key(self) -> str:
        return f"product.{self.code}.title"

    @property
    def description_key(self) -> str:
        return f"product.{self.code}.description"

    def price_for(self, currency: str) -> Money:
        """The price in ``currency``'s smallest unit.

        Raises:
            PriceNotFound: the product is not sold in that currency.
        """
        amount = self.prices.get(currency)
        if amount is None:
            raise PriceNotFound(self.code, currency, tuple(sorted(self.prices)))
        return Money(amount, currency)


class Catalog:
    """The products by code."""

    def __init__(self, products: Mapping[str, Product]) -> None:
        self._products = dict(products)

    def __iter__(self) -> Iterator[Product]:
        return iter(self._products.values())

    def __len__(self) -> int:
        return len(self._products)

    def __contains__(self, code: object) -> bool:
        return code in self._products

    def get(self, code: str) -> Product:
        """Raises:
        UnknownProduct: no product has this code.
        """
        product = self._products.get(code)
        if product is None:
            raise UnknownProduct(code)
        return product

    def price_for(self, code: str, currency: str) -> Money:
        """Raises:
        UnknownProduct, PriceNotFound.
        """
        return self.get(code).price_for(currency)
