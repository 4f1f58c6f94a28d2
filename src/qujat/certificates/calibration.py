"""A calibration page for printing onto pre-printed blanks: a millimetre grid and the boxes
where the personal texts will go, so the offset (--offset-mm X,Y) can be read off a test print."""
from __future__ import annotations

import io

from qujat.certificates.definitions import AwardDefinition, QrElement, TextElement
from qujat.certificates.fonts import register_font

MM = 72 / 25.4


def calibration_pdf(award: AwardDefinition, offset_mm: tuple[float, float] = (0.0, 0.0)) -> bytes:
    """One page: 1 mm grid (5 and 10 mm lines stronger, every 10 mm numbered) and the outlines
    of the award's text and QR boxes, shifted by ``offset_mm`` as the text-only overlay is."""
    from reportlab.lib.colors import Color
    from reportlab.pdfgen.canvas import Canvas

    width_mm, height_mm = award.page.size_mm
    width, height = width_mm * MM, height_mm * MM
    font = register_font("PT Serif")
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(width, height), invariant=1, initialFontName=font)
    c.setTitle(f"qujat calibration — {award.id}")
    c.setCreator("qujat")
    for mm in range(0, int(width_mm) + 1):
        strong = mm % 10 == 0
        c.setStrokeColor(Color(0.2, 0.2, 0.2) if strong else Color(0.6, 0.6, 0.6) if mm % 5 == 0 else Color(0.85, 0.85, 0.85))
        c.setLineWidth(0.4 if strong else 0.15)
        c.line(mm * MM, 0, mm * MM, height)
        if strong and mm:
            c.setFont(font, 6)
            c.setFillColor(Color(0, 0, 0))
            c.drawString(mm * MM + 1, height - 8, str(mm))
    for mm in range(0, int(height_mm) + 1):
        strong = mm % 10 == 0
        c.setStrokeColor(Color(0.2, 0.2, 0.2) if strong else Color(0.6, 0.6, 0.6) if mm % 5 == 0 else Color(0.85, 0.85, 0.85))
        c.setLineWidth(0.4 if strong else 0.15)
        y = height - mm * MM
        c.line(0, y, width, y)
        if strong and mm:
            c.setFont(font, 6)
            c.setFillColor(Color(0, 0, 0))
            c.drawString(2, y - 7, str(mm))
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
