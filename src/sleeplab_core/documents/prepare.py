"""The use case after a diagnosis: store the personalised report, pick the pre-made PDFs."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from sleeplab_core.documents.catalog import CatalogEntry, DocumentCatalog
from sleeplab_core.documents.errors import DocumentNotFound
from sleeplab_core.documents.keys import report_document_key
from sleeplab_core.documents.ports import DocumentStore, ReportRenderer
from sleeplab_core.documents.report import Report


@attrs.frozen
class PreparedDocuments:
    """What to send the user: the stored report and the catalog documents, all in the store."""

    report_key: str
    guides: tuple[CatalogEntry, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        """Every document key to send, the report first."""
        return (self.report_key, *(entry.document_key for entry in self.guides))


async def prepare_documents(
    report: Report,
    document_ids: Iterable[str],
    *,
    catalog: DocumentCatalog,
    store: DocumentStore,
    renderer: ReportRenderer,
) -> PreparedDocuments:
    """Render ``report`` into ``store`` and look up the recommended pre-made documents.

    Idempotent: the renderer gives the same bytes for the same report, and putting identical
    bytes keeps the Telegram file ids the store cached, so a repeated call uploads nothing new.

    Args:
        report: the personalised report; its locale and gender pick the catalog variants.
        document_ids: recommended document ids (the diagnosis ``documents``), in order.
        catalog: the document catalog; its files must already be installed in ``store``.
        store: where the report is written and the catalog files are read.
        renderer: turns the report into PDF bytes.

    Raises:
        UnknownDocumentCode: a recommended id has no documents in the catalog.
        DocumentNotFound: a catalog document is not in the store (install the library first).
    """
    guides = catalog.find_all(document_ids, report.locale, report.subject.gender)
    for entry in guides:
        if not await store.exists(entry.document_key):
            raise DocumentNotFound(entry.document_key)
    key = report_document_key(report.subject.report_id)
    await store.put(key, renderer.render(report))
    return PreparedDocuments(key, guides)
