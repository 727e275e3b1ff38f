"""The product catalog: products as data (``products.toml``), prices per currency, kinds."""

from sleeplab_core.catalog.errors import InvalidCatalog, PriceNotFound, UnknownProduct
from sleeplab_core.catalog.loader import load_catalog, parse_catalog
from sleeplab_core.catalog.model import Catalog, Product, ProductKind

__all__ = [
    "Catalog",
    "InvalidCatalog",
    "PriceNotFound",
    "Product",
    "ProductKind",
    "UnknownProduct",
    "load_catalog",
    "parse_catalog",
]
