"""Forged certificates, made as a forger would: a genuine certificate's page with its name
covered and another drawn over it (the genuine QR code kept), as a text PDF, as an image-only
PDF (a scan) and as a photo."""
from __future__ import annotations

import io
from pathlib import Path

from photos import Shot, photograph, render_page

MM = 72 / 25.4
PAGE = (297 * MM, 210 * MM)


def overlay(draw) -> bytes:
    """A one-page A4-landscape PDF drawn by ``draw(canvas)``."""
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _font() -> str:
    from qujat.certificates.fonts import register_font

    return register_font("PT Serif Bold")


def stamped(genuine: Path, out: Path, draw) -> Path:
    """``genuine`` with the page of ``draw`` laid over its first page."""
    from pypdf import PdfReader, PdfWriter

    layer = PdfReader(io.BytesIO(overlay(draw))).pages[0]
    writer = PdfWriter(clone_from=str(genuine))
    writer.pages[0].merge_page(layer)
    with open(out, "wb") as fh:
        writer.write(fh)
    return out


def cover_name(c, name_box=(95, 66, 172, 26)) -> None:
    """A white box over the name's box (x, y, width, height in mm from the top left)."""
    x, y, w, h = name_box
    c.setFillColorRGB(1, 1, 1)
    c.rect(x * MM, PAGE[1] - (y + h) * MM, w * MM, h * MM, stroke=0, fill=1)


def write_name(c, text: str, name_box=(95, 66, 172, 26), size: float = 30) -> None:
    """``text`` centred in the name's box, as the certificate prints a name."""
    x, y, w, h = name_box
    c.setFillColorRGB(0.1, 0.1, 0.1)
    c.setFont(_font(), size)
    c.drawCentredString((x + w / 2) * MM, PAGE[1] - (y + h / 2) * MM - size * 0.3, text)


def retyped(genuine: Path, out: Path, name: str, name_box=(95, 66, 172, 26), size: float = 30) -> Path:
    """The name covered and ``name`` written in its place (at ``size`` pt)."""
    return stamped(genuine, out, lambda c: (cover_name(c, name_box), write_name(c, name, name_box, size)))


def hidden_genuine(genuine: Path, out: Path, name: str, signed: str, name_box=(95, 66, 172, 26)) -> Path:
    """``name`` drawn over a white box, the ``signed`` name kept beneath in 1-pt white text."""
    def draw(c):
        cover_name(c, name_box)
        c.setFillColorRGB(1, 1, 1)
        c.setFont(_font(), 1)
        c.drawString((name_box[0] + 2) * MM, PAGE[1] - (name_box[1] + 3) * MM, signed)
        write_name(c, name, name_box)
    return stamped(genuine, out, draw)


def image_pdf(pdf: Path, out: Path, dpi: int = 200) -> Path:
    """``pdf``'s first page as an image-only PDF, as a scanner makes one."""
    render_page(pdf, dpi).save(out, "PDF", resolution=dpi)
    return out


def photo(pdf: Path, out: Path, shot: Shot) -> Path:
    """A phone photo of ``pdf``'s first page."""
    out.write_bytes(photograph(render_page(pdf), shot))
    return out
