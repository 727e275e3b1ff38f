"""The library of pre-made PDFs: a folder with ``catalog.toml`` and the files it lists.

The project ships a sample library (``library/`` next to this module, made by
``make_samples.py``); operators point the application at their own folder in the same format.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import attrs

from sleeplab_core.documents import (
    CatalogEntry,
    CatalogInvalid,
    DocumentCatalog,
    DocumentStore,
    parse_catalog,
)
from sleeplab_core.kernel.i18n import SUPPORTED_LOCALES

CATALOG_FILE = "catalog.toml"


def shipped_library_dir() -> Path:
    """The folder of the sample library that ships with the package."""
    return Path(__file__).parent / "library"


@attrs.frozen
class DocumentLibrary:
    """A checked catalog and the folder its files live in."""

    folder: Path
    catalog: DocumentCatalog

    def path_of(self, entry: CatalogEntry) -> Path:
        """The file of ``entry`` on disk."""
        return self.folder / entry.file

    async def install(self, store: DocumentStore) -> tuple[str, ...]:
        """Put every file of the library into ``store`` under its entry's document key.

        Idempotent: unchanged files keep their cached Telegram file ids; a changed file
        replaces the stored one and drops them (the store's contract).

        Returns:
            The document keys written, one per distinct file.
        """
        keys: dict[str, Path] = {}
        for entry in self.catalog.entries:
            keys.setdefault(entry.document_key, self.path_of(entry))
        for key, path in keys.items():
            await store.put(key, path.read_bytes())
        return tuple(keys)


def load_library(
    folder: Path | str | None = None, *, required_locales: Iterable[str] = SUPPORTED_LOCALES
) -> DocumentLibrary:
    """Read ``folder/catalog.toml`` (default: the shipped samples) and check its files.

    Raises:
        CatalogInvalid: the catalog breaks its format, or a listed file is missing or is
            not a PDF; every problem is listed.
        FileNotFoundError: the folder has no ``catalog.toml``.
    """
    root = Path(folder) if folder is not None else shipped_library_dir()
    source = root / CATALOG_FILE
    catalog = parse_catalog(
        source.read_text(encoding="utf-8"), source=str(source), required_locales=required_locales
    )
    problems = [_file_problem(root, entry) for entry in catalog.entries]
    found = [problem for problem in dict.fromkeys(problems) if problem]
    if found:
        raise CatalogInvalid(found, source=str(source))
    return DocumentLibrary(root, catalog)


def _file_problem(root: Path, entry: CatalogEntry) -> str | None:
    path = root / entry.file
    if not path.is_file():
        return f"{entry.code}/{entry.locale}/{entry.gender}: file {entry.file!r} does not exist"
    with path.open("rb") as file:
        if file.read(5) != b"%PDF-":
            return f"{entry.code}/{entry.locale}/{entry.gender}: {entry.file!r} is not a PDF"
    return None
