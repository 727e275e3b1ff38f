"""Reads the catalog from TOML (the shipped ``products.toml`` or an operator's file)."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from sleeplab_core.catalog.errors import InvalidCatalog
from sleeplab_core.catalog.model import Catalog, Product

SHIPPED_FILE = "products.toml"


def parse_catalog(text: str) -> Catalog:
    """A catalog from TOML text: a list of ``[[product]]`` tables.

    Raises:
        InvalidCatalog: not TOML, a product breaks a rule, a code repeats, or a product
            grants an unknown code. The reason names each product at fault.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidCatalog(f"not valid TOML: {error}") from None
    raw_products = data.get("product", [])
    if not isinstance(raw_products, list) or not raw_products:
        raise InvalidCatalog("expected one or more [[product]] tables", field="product")
    products: dict[str, Product] = {}
    problems: list[str] = []
    for index, raw in enumerate(raw_products):
        _parse_one(index, raw, products, problems)
    for product in products.values():
        problems.extend(
            f"product {product.code}: includes the unknown product {part!r}"
            for part in product.includes
            if part not in products
        )
    if problems:
        raise InvalidCatalog("; ".join(problems))
    return Catalog(products)


def load_catalog(path: Path | None = None) -> Catalog:
    """The catalog in ``path``, or the one shipped with the library.

    Raises:
        InvalidCatalog: see :func:`parse_catalog`.
        OSError: the file cannot be read.
    """
    if path is None:
        text = resources.files("sleeplab_core.catalog").joinpath(SHIPPED_FILE).read_text("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    return parse_catalog(text)


def _parse_one(index: int, raw: object, products: dict[str, Product], problems: list[str]) -> None:
    name = raw.get("code", f"#{index + 1}") if isinstance(raw, dict) else f"#{index + 1}"
    try:
        product = Product.model_validate(raw)
    except ValidationError as error:
        details = ", ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'product'}: {e['msg']}" for e in error.errors()
        )
        problems.append(f"product {name}: {details}")
        return
    if product.code in products:
        problems.append(f"product {product.code}: the code is used twice")
        return
    products[product.code] = product
