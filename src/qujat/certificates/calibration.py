"""A calibration page for printing onto pre-printed blanks: a millimetre grid and the boxes
where the personal texts will go, so the offset (--offset-mm X,Y) can be read off a test print."""
from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from qujat.certificates.definitions import AwardDefinition, QrElement, TextElement
from qujat.certificates.fonts import register_font

MM = 72 / 25.4

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas


def _grid_line(c: Canvas, font: str, mm: int, line: tuple[float, float, float, float],
               label_at: tuple[float, float]) -> None:
    """One grid line, stronger every 5 and 10 mm; every 10 mm is numbered."""
    from reportlab.lib.colors import Color

    strong = mm % 10 == 0
    grey = 0.2 if strong else 0.6 if mm % 5 == 0 else 0.85
    c.setStrokeColor(Color(grey, grey, grey))
    c.setLineWidth(0.4 if strong else 0.15)
    c.line(*line)
    if strong and mm:
        c.setFont(font, 6)
        c.setFillColor(Color(0, 0, 0))
        c.drawString(label_at[0], label_at[1], str(mm))


def calibration_pdf(award: AwardDefinition, offset_mm: tuple[float, float] = (0.0, 0.0)) -> bytes:
    """One page: 1 mm grid (5 and 10 mm lines stronger, every 10 mm numbered) and the outlines
    of the award's text and QR boxes, shifted by ``offset_mm`` as the text-only overlay is."""
    from reportlab.lib.colors import Color
    from reportlab.pdfgen.canvas import Canvas

    width_mm, height_mm = award.page.size_mm
    width, height = width_mm * MM, height_mm * MM
    font = register_font("PT Serif")
    buf = io.BytesIO()
    fonts: dict[str, Any] = {"initialFontName": font}  # types-reportlab types this argument as a number
    c = Canvas(buf, pagesize=(width, height), invariant=1, **fonts)
    c.setTitle(f"qujat calibration — {award.id}")
    c.setCreator("qujat")
    for mm in range(0, int(width_mm) + 1):
        _grid_line(c, font, mm, (mm * MM, 0, mm * MM, height), (mm * MM + 1, height - 8))
    for mm in range(0, int(height_mm) + 1):
        y = height - mm * MM
        _grid_line(c, font, mm, (0, y, width, y), (2, y - 7))
    c.translate(offset_mm[0] * MM, -offset_mm[1] * MM)
    c.setStrokeColor(Color(0.8, 0.1, 0.1))
    c.setFillColor(Color(0.8, 0.1, 0.1))
    c.setLineWidth(0.6)
    for element in award.elements:
        if isinstance(element, (TextElement, QrElement)):
            left, top, right, bottom = element.box()
            c.rect(left * MM, height - bottom * MM, (right - left) * MM, (bottom - top) * MM)
            c.setFont(font, 7)
            c.drawString(left * MM + 2, height - top * MM - 8, element.id)
    c.showPage()
    c.save()
    return buf.getvalue()
