"""Message catalogs from gettext PO files, read with Babel, rendered with stdlib gettext."""

from adapters.babel_catalog.catalog import (
    CatalogError,
    GettextCatalog,
    default_locales_dir,
    load_catalog,
)

__all__ = ["CatalogError", "GettextCatalog", "default_locales_dir", "load_catalog"]
