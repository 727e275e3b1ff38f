"""A report renderer that imports fpdf2 and matplotlib only when the first report is made."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sleeplab_core.documents.report import Report

if TYPE_CHECKING:
    from adapters.documents.report_pdf import FpdfReportRenderer


class LazyReportRenderer:
    """:class:`FpdfReportRenderer`, built on first use (start-up stays fast)."""

    def __init__(self) -> None:
        self._renderer: FpdfReportRenderer | None = None

    def render(self, report: Report) -> bytes:
        if self._renderer is None:
            from adapters.documents.report_pdf import FpdfReportRenderer

            self._renderer = FpdfReportRenderer()
        return self._renderer.render(report)
