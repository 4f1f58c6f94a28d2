"""The PDF file of certificates: a reproducible reportlab canvas, and keeping it small and fast.

reportlab is used as it is; three things are tuned for batches of thousands: streams are plain
Flate (no ASCII85 layer), a large stream seen again (the background of every file of a batch) is
compressed once, and each page is compressed as soon as it is finished.
"""
from __future__ import annotations

import io
import zlib
from typing import Any, Iterable

from qujat.errors import TemplateError
from qujat.certificates.fonts import register_font

#: Streams at least this long are remembered compressed (the background form of a design).
MEMO_MIN_LENGTH = 20_000


def new_canvas(out: Any, design: Any, title: str, subject: str | None = None) -> Any:
    """A reproducible canvas (invariant mode, fixed metadata, PT Serif as the only font) for
    ``design``'s page, with its media, crop, trim, bleed and art boxes."""
    from reportlab import rl_config
    from reportlab.pdfgen.canvas import Canvas

    from qujat import __version__

    _memoise_compression()
    rl_config.useA85 = 0  # binary Flate streams: ASCII85 on top only makes them a quarter larger
    box = (0, 0, design.width, design.height)
    c = Canvas(out, pagesize=(design.width, design.height), invariant=1, pageCompression=1,
               lang=design.langs[0], initialFontName=register_font("PT Serif"),
               cropBox=box, trimBox=box, bleedBox=box, artBox=box)
    c.setTitle(title)
    c.setAuthor(design.organisation)
    c.setSubject(subject or design.award_name)
    c.setCreator(f"qujat {__version__}")
    c.setKeywords(design.award.id)
    return c


def certificates_pdf(design: Any, pages: Iterable[Any], title: str | None = None) -> bytes:
    """A PDF (bytes) with one page per prepared certificate, all on one shared background."""
    pages = list(pages)
    if not pages:
        raise TemplateError("no certificates to print")
    buf = io.BytesIO()
    c = new_canvas(buf, design, title or (pages[0].title if len(pages) == 1 else design.title))
    for page in pages:
        design.draw(c, page)
    c.save()
    return buf.getvalue()


def _memoise_compression() -> None:
    """Compress a large stream seen before only once per process, at zlib's best level: every
    file of a batch carries the same background form, whose compression would otherwise cost
    more than drawing a page."""
    from reportlab.pdfbase import pdfdoc

    flate = pdfdoc.PDFZCompress
    if getattr(flate, "_qujat_memo", False):
        return
    encode = flate.encode
    memo: dict[str | bytes, bytes] = {}

    def cached(text: str | bytes) -> bytes:
        if len(text) < MEMO_MIN_LENGTH:
            return encode(text)
        if text not in memo:
            if len(memo) > 16:
                memo.clear()
            memo[text] = zlib.compress(text.encode("utf8") if isinstance(text, str) else text, 9)
        return memo[text]

    flate.encode = cached
    flate._qujat_memo = True


class _AlreadyFlated:
    """A stream filter for content compressed beforehand: names FlateDecode, changes nothing."""

    pdfname = "FlateDecode"

    @staticmethod
    def encode(content: bytes) -> bytes:
        return content


def compress_last_page(c: Any) -> None:
    """Compress the page just finished now rather than at save, so that a long document holds
    each page's content compressed (a third of the size) until it is written."""
    from reportlab.pdfbase import pdfdoc

    page = c._doc.Pages.pages[-1]
    if not (page.compression and isinstance(page.stream, str) and page.stream):
        return
    stream = pdfdoc.PDFStream()
    stream.content = pdfdoc.PDFZCompress.encode(page.stream)
    stream.filters = [_AlreadyFlated]
    stream.__Comment__ = "page stream"
    page.Contents = stream
    page.stream = None
