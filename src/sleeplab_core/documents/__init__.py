"""Diagnosis documents: the catalog of pre-made PDFs, the personalised report, the store.

- :func:`parse_catalog` / :class:`DocumentCatalog` pick a pre-made PDF per diagnosis code,
  locale and gender.
- :class:`Report` is the view model of the personalised report; :func:`report_labels` renders
  its captions; a :class:`ReportRenderer` turns it into PDF bytes.
- :class:`DocumentStore` keeps the files and the Telegram file id of each upload.
- :func:`prepare_documents` stores a user's report and picks their pre-made PDFs.
"""

from typing import TYPE_CHECKING

from sleeplab_core.documents.catalog import CatalogEntry, CatalogGender, DocumentCatalog
from sleeplab_core.documents.catalog_file import parse_catalog
from sleeplab_core.documents.errors import (
    CatalogInvalid,
    DocumentNotFound,
    InvalidDocumentKey,
    UnknownDocumentCode,
)
from sleeplab_core.documents.keys import (
    check_bot_name,
    check_document_key,
    library_document_key,
    report_document_key,
)
from sleeplab_core.documents.labels import LABEL_KEYS, ReportLabels, report_labels
from sleeplab_core.documents.ports import DocumentStore, ReportRenderer
from sleeplab_core.documents.prepare import PreparedDocuments, prepare_documents
from sleeplab_core.documents.report import (
    BandSegment,
    ComponentLine,
    FiredRule,
    Gender,
    InstrumentSection,
    Recommendation,
    Report,
    ReportSubject,
    Tone,
)

__all__ = [
    "LABEL_KEYS",
    "BandSegment",
    "CatalogEntry",
    "CatalogGender",
    "CatalogInvalid",
    "ComponentLine",
    "DocumentCatalog",
    "DocumentNotFound",
    "DocumentStore",
    "FakeReportRenderer",
    "FiredRule",
    "Gender",
    "InMemoryDocumentStore",
    "InstrumentSection",
    "InvalidDocumentKey",
    "PreparedDocuments",
    "Recommendation",
    "Report",
    "ReportLabels",
    "ReportRenderer",
    "ReportSubject",
    "Tone",
    "UnknownDocumentCode",
    "check_bot_name",
    "check_document_key",
    "library_document_key",
    "parse_catalog",
    "prepare_documents",
    "report_document_key",
    "report_labels",
]

if TYPE_CHECKING:
    from sleeplab_core.documents.fakes import FakeReportRenderer, InMemoryDocumentStore


def __getattr__(name: str) -> object:
    """The test fakes are imported on first use, not with the package (PEP 562)."""
    if name in _FAKES:
        from sleeplab_core.documents import fakes

        return getattr(fakes, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_FAKES = frozenset({"FakeReportRenderer", "InMemoryDocumentStore"})
