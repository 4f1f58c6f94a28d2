"""Page images of a PDF (PNG), drawn in this process by PDFium (pypdfium2): what a page shows as
a proof, with no program to spawn per page.
"""
from __future__ import annotations

import io

import pypdfium2 as pdfium  # type: ignore[import-untyped]

from qujat.errors import QujatError

#: The most pages drawn of one PDF (a proof shows the first few; a list's PDF may have thousands).
MAX_PAGES = 12


def page_images(pdf: bytes, *, width: int = 900, pages: int = MAX_PAGES) -> list[bytes]:
    """PNG images of the first ``pages`` pages of ``pdf``, each ``width`` pixels wide;
    :class:`QujatError` when it is not a PDF."""
    try:
        document = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise QujatError(f"not a PDF that can be drawn: {exc}") from None
    try:
        images = []
        for index in range(min(len(document), pages)):
            page = document[index]
            scale = width / page.get_width()
            picture = page.render(scale=scale).to_pil()
            buffer = io.BytesIO()
            picture.save(buffer, format="PNG", optimize=False)
            images.append(buffer.getvalue())
            page.close()
        return images
    finally:
        document.close()


def page_count(pdf: bytes) -> int:
    """How many pages ``pdf`` has."""
    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()
