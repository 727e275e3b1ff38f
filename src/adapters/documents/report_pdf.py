"""The personalised report as a PDF, drawn with fpdf2 in DejaVu Sans so Cyrillic renders."""

from __future__ import annotations

import io

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from adapters.documents.chart import HEIGHT_INCHES, WIDTH_INCHES, score_chart_png
from adapters.documents.fonts import FontFiles, dejavu_sans
from adapters.documents.layout import BULLET_INDENT_MM, bullet, paragraph
from sleeplab_core.documents import InstrumentSection, Report, ReportLabels

_INK = (33, 33, 33)
_MUTED = (110, 110, 110)
_ACCENT = (38, 70, 120)
_ALARM = (170, 30, 30)
_ALARM_FILL = (253, 236, 236)
_MARGIN_MM = 18
_LINE_MM = 5.2
NEARLY_EMPTY = 0.3
"""A last page filled less than this is worth a tighter layout."""
COMPACT_CHART_SCALE = 0.72


class _ReportPdf(FPDF):
    """FPDF with our footer: page number and report id on every page."""

    def __init__(self, labels: ReportLabels, report_id: str, family: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self._labels = labels
        self._report_id = report_id
        self._family = family

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(self._family, size=8)
        self.set_text_color(*_MUTED)
        page = f"{self._labels.page} {self.page_no()} / {{nb}}"
        self.cell(0, 5, f"{self._labels.report} {self._report_id}", align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, page, align="R")


class FpdfReportRenderer:
    """A :class:`~sleeplab_core.documents.ReportRenderer` built on fpdf2 and matplotlib."""

    def __init__(self, fonts: FontFiles | None = None) -> None:
        self._fonts = fonts or dejavu_sans()

    def render(self, report: Report) -> bytes:
        """The report as PDF bytes; the same report always gives the same bytes.

        A last page that would hold only a few lines is avoided: the report is laid out
        again with smaller charts, and the tighter layout is kept if it ends better.
        """
        pdf = self._laid_out(report, chart_scale=1.0)
        if pdf.pages_count > 1 and _last_page_share(pdf) < NEARLY_EMPTY:
            tighter = self._laid_out(report, chart_scale=COMPACT_CHART_SCALE)
            if tighter.pages_count < pdf.pages_count or _last_page_share(tighter) >= NEARLY_EMPTY:
                pdf = tighter
        return bytes(pdf.output())

    def _laid_out(self, report: Report, *, chart_scale: float) -> _ReportPdf:
        pdf = self._new_document(report)
        _Writer(pdf, report, self._fonts.family, chart_scale).write()
        return pdf

    def _new_document(self, report: Report) -> _ReportPdf:
        family = self._fonts.family
        pdf = _ReportPdf(report.labels, report.subject.shown_number, family)
        pdf.add_font(family, "", str(self._fonts.regular))
        pdf.add_font(family, "B", str(self._fonts.bold))
        pdf.set_margins(_MARGIN_MM, _MARGIN_MM, _MARGIN_MM)
        pdf.set_auto_page_break(auto=True, margin=20)
        pdf.set_creation_date(report.subject.issued_at)
        pdf.set_title(report.labels.title)
        pdf.set_lang(report.locale)
        pdf.set_creator("sleeplab")
        pdf.add_page()
        return pdf


class _Writer:
    """Writes the sections of one report, top to bottom."""

    def __init__(
        self, pdf: _ReportPdf, report: Report, family: str, chart_scale: float = 1.0
    ) -> None:
        self.pdf = pdf
        self.report = report
        self.labels = report.labels
        self.family = family
        self.chart_scale = chart_scale

    def write(self) -> None:
        self._title()
        if self.report.has_red_flags:
            self._red_flags()
        self._bullets(self.labels.summary, self.report.summary)
        if self.report.instruments:
            self._heading(self.labels.results)
            for section in self.report.instruments:
                self._instrument(section)
        self._fired_rules()
        self._recommendations()
        self._disclaimer()

    def _title(self) -> None:
        self._font(20, bold=True, colour=_ACCENT)
        self._paragraph(self.labels.title, height=10)
        self._font(9, colour=_MUTED)
        self._paragraph("   ·   ".join(self._subject_facts()))
        self.pdf.ln(3)

    def _subject_facts(self) -> list[str]:
        subject, labels = self.report.subject, self.labels
        facts = [
            f"{labels.report}: {subject.shown_number}",
            f"{labels.date}: {subject.issued_at.date().isoformat()}",
        ]
        if subject.age_band:
            facts.append(f"{labels.age}: {subject.age_band}")
        if subject.gender:
            gender = labels.gender_female if subject.gender == "female" else labels.gender_male
            facts.append(f"{labels.gender}: {gender}")
        return facts

    def _red_flags(self) -> None:
        pdf = self.pdf
        pdf.set_fill_color(*_ALARM_FILL)
        pdf.set_draw_color(*_ALARM)
        self._font(13, bold=True, colour=_ALARM)
        self._paragraph(self.labels.red_flags_title, height=8, fill=True)
        self._font(10, colour=_INK)
        for flag in self.report.red_flags:
            bullet(self.pdf, flag, _LINE_MM, fill=True)
        self._font(10, bold=True, colour=_ALARM)
        self._paragraph(self.labels.red_flags_advice, fill=True)
        pdf.ln(4)

    def _instrument(self, section: InstrumentSection) -> None:
        chart_height = self._chart_height() if section.bands else 0
        if self.pdf.will_page_break(chart_height + 30):
            self.pdf.add_page()
        self._font(12, bold=True, colour=_INK)
        self._paragraph(section.name, height=7)
        self._font(10, colour=_INK)
        score = f"{section.total:g} / {section.maximum:g}"
        self._paragraph(
            f"{self.labels.score}: {score}   ·   {self.labels.band}: {section.band_label}"
        )
        if section.bands:
            png = io.BytesIO(score_chart_png(section))
            width = self.pdf.epw * self.chart_scale
            self.pdf.image(png, x=self.pdf.l_margin, w=width)  # height keeps the aspect
        self._paragraph(section.meaning)
        if section.components:
            self._components(section)
        self.pdf.ln(3)

    def _components(self, section: InstrumentSection) -> None:
        self._font(9, colour=_MUTED)
        lines = [f"{line.name}: {line.value}" for line in section.components]
        self._paragraph(f"{self.labels.components}: " + "; ".join(lines))

    def _fired_rules(self) -> None:
        if not self.report.fired_rules:
            return
        self._heading(self.labels.fired_rules)
        self._font(10, colour=_INK)
        for rule in self.report.fired_rules:
            bullet(self.pdf, rule.reason, _LINE_MM)

    def _recommendations(self) -> None:
        if not self.report.recommendations:
            return
        self._heading(self.labels.recommendations)
        for piece in self.report.recommendations:
            if self.pdf.will_page_break(22):
                self.pdf.add_page()
            self._font(10, colour=_INK)
            bullet(self.pdf, piece.text, _LINE_MM)
            if piece.why:
                self._font(9, colour=_MUTED)
                self.pdf.set_x(self.pdf.l_margin + BULLET_INDENT_MM)
                self.pdf.multi_cell(
                    self.pdf.epw - BULLET_INDENT_MM,
                    4.6,
                    f"{self.labels.why}: {piece.why}",
                    new_x=XPos.LMARGIN,
                    new_y=YPos.NEXT,
                )
            self.pdf.ln(1.5)

    def _disclaimer(self) -> None:
        self.pdf.ln(2)
        self.pdf.set_draw_color(*_MUTED)
        self.pdf.line(
            self.pdf.l_margin, self.pdf.get_y(), self.pdf.w - self.pdf.r_margin, self.pdf.get_y()
        )
        self.pdf.ln(2)
        self._font(10, bold=True, colour=_INK)
        self._paragraph(self.labels.disclaimer_title)
        self._font(9, colour=_MUTED)
        self._paragraph(self.labels.disclaimer)

    def _bullets(self, title: str, lines: tuple[str, ...]) -> None:
        if not lines:
            return
        self._heading(title)
        self._font(10, colour=_INK)
        for line in lines:
            bullet(self.pdf, line, _LINE_MM)

    def _heading(self, text: str) -> None:
        if self.pdf.will_page_break(25):
            self.pdf.add_page()
        self.pdf.ln(2)
        self._font(14, bold=True, colour=_ACCENT)
        self._paragraph(text, height=8)
        self.pdf.ln(1)

    def _paragraph(self, text: str, *, height: float = _LINE_MM, fill: bool = False) -> None:
        paragraph(self.pdf, text, height, fill=fill)

    def _font(self, size: float, *, bold: bool = False, colour: tuple[int, int, int]) -> None:
        self.pdf.set_font(self.family, style="B" if bold else "", size=size)
        self.pdf.set_text_color(*colour)

    def _chart_height(self) -> float:
        return self.pdf.epw * self.chart_scale * HEIGHT_INCHES / WIDTH_INCHES


def _last_page_share(pdf: FPDF) -> float:
    """How much of the last page's writable height the content fills (0 to 1)."""
    usable = pdf.h - pdf.t_margin - pdf.b_margin
    return (pdf.get_y() - pdf.t_margin) / usable
