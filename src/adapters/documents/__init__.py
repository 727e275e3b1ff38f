"""Documents adapters: the fpdf2 report renderer, its matplotlib charts, the filesystem
document store and the shipped library of pre-made PDFs with its catalog."""

from adapters.documents.filesystem_store import FileSystemDocumentStore
from adapters.documents.library import (
    DocumentLibrary,
    load_library,
    shipped_library_dir,
)
from adapters.documents.report_pdf import FpdfReportRenderer

__all__ = [
    "DocumentLibrary",
    "FileSystemDocumentStore",
    "FpdfReportRenderer",
    "load_library",
    "shipped_library_dir",
]
