"""Documents adapters: the fpdf2 report renderer, its matplotlib charts, the filesystem
document store and the shipped library of pre-made PDFs with its catalog.

The renderer is imported on first use: fpdf2 and matplotlib take over a second to import,
which a chat that never renders a report should not pay at start-up.
"""

from typing import TYPE_CHECKING, Any

from adapters.documents.filesystem_store import FileSystemDocumentStore
from adapters.documents.library import (
    DocumentLibrary,
    load_library,
    shipped_library_dir,
)

if TYPE_CHECKING:
    from adapters.documents.report_pdf import FpdfReportRenderer

__all__ = [
    "DocumentLibrary",
    "FileSystemDocumentStore",
    "FpdfReportRenderer",
    "load_library",
    "shipped_library_dir",
]


def __getattr__(name: str) -> Any:
    if name == "FpdfReportRenderer":
        from adapters.documents.report_pdf import FpdfReportRenderer

        return FpdfReportRenderer
    raise AttributeError(name)
