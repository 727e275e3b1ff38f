"""Text blocks shared by the report and the sample guides: left-aligned paragraphs and
bullets with a hanging indent."""

from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

BULLET_INDENT_MM = 5.0


def paragraph(pdf: FPDF, text: str, height: float, *, fill: bool = False) -> None:
    """A left-aligned block of text the full width of the page, then a new line."""
    pdf.set_x(pdf.l_margin)
    pdf.multi_cell(0, height, text, fill=fill, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def bullet(pdf: FPDF, text: str, height: float, *, fill: bool = False) -> None:
    """A bullet point whose wrapped lines align under the text, not under the bullet."""
    pdf.set_x(pdf.l_margin)
    pdf.cell(BULLET_INDENT_MM, height, "•", fill=fill)
    pdf.multi_cell(0, height, text, fill=fill, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
