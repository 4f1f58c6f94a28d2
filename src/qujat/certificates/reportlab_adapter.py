"""The PDF file of certificates, and qujat's one adapter to reportlab's internals.

Everything else in qujat draws through reportlab's public :class:`Canvas` API. This module is
the only place that reaches past it, for three things a batch of thousands of pages needs and
the public API does not offer (``tests/test_pdf_adapter.py`` fails loudly, naming the
attribute, when a reportlab release moves one of them):

* each page's content stream is compressed as soon as the page is finished (``showPage``
  keeps it as text until ``save``), so a 10,000-page document holds a third of the memory:
  ``Canvas._doc.Pages.pages[-1]`` and the page's ``stream``/``compression``/``Contents``;
* a form XObject seen before in this process (the background every file of a batch carries)
  is compressed once, not once per file: ``Canvas._doc.idToObject`` and the form's
  ``stream``/``compression``/``Contents``;
* the operators of a drawing without fonts or images (the guilloche border, ~6 ms to draw)
  are recorded once per process and written again with the public ``addLiteral``:
  ``Canvas._code``, read only;
* every page's resources (fonts, forms, graphics states) are one dictionary shared by the pages
  that use the same ones, not a copy formatted into each page: the page's ``XObjects``,
  ``ExtGState``, ``hasImages``, ``_colorsUsed``, ``_shadingUsed`` and ``Resources`` (set before
  reportlab would build its own), and ``pdfdoc.PDFResourceDictionary``;
* a font subset holds only the letters the file uses (``asciiReadable=False``, a public option),
  its ``name`` table is slimmed to the names a reader may show (:func:`slim_font`: PT Serif's
  licence text would be half of every subset), and one seen before in this process (the same
  letters in another file of a batch) is compressed once (:func:`subset_memo_font`, registered
  by ``fonts.py``): the document's ``idToObject`` entries ``fontFile:<file>(<name>)`` and their
  ``content``/``filters``/``dictionary["Length1"]``;
* qujat's fonts are drawn with qujat's font objects even when the process registered another
  font of the same face first (an office script's own PT Serif): reportlab would map qujat's
  name onto that one, and the same certificate would come out larger, its subsets unslimmed,
  depending on what ran before (:func:`register_font_object`: ``pdfmetrics._fonts``).

Nothing is patched process-wide. Because pages and forms are compressed here (plain Flate),
reportlab's global ``rl_config.useA85`` (an ASCII85 layer on top of Flate, a quarter larger)
no longer matters for qujat's streams and is left alone.

:class:`CertificateCanvas` holds the reportlab canvas and qujat's own per-file state (page
size, forms defined), so the design code needs no private canvas attribute.
"""
from __future__ import annotations

import io
import os
import struct
import zlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from qujat.errors import TemplateError
from qujat.messages import M_
from qujat.version import __version__

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

#: Form streams at least this long are remembered compressed (the background of a design).
MEMO_MIN_LENGTH = 20_000
#: How many compressed forms and recorded drawings are remembered per process.
MEMO_SIZE = 16

_compressed_forms: dict[bytes, bytes] = {}
_compressed_subsets: dict[bytes, tuple[bytes, int]] = {}
_recorded: dict[Any, str] = {}
#: Font subsets (each some 20–60 KB) remembered compressed per process.
SUBSET_MEMO_SIZE = 64


class _AlreadyFlated:
    """A stream filter for content compressed beforehand: names FlateDecode, changes nothing."""

    pdfname = "FlateDecode"

    @staticmethod
    def encode(content: bytes) -> bytes:
        return content


def _flated_stream(content: bytes, comment: str) -> Any:
    """A reportlab stream object holding ``content``, already Flate-compressed."""
    from reportlab.pdfbase import pdfdoc

    stream = pdfdoc.PDFStream()
    stream.content = content
    stream.filters = [_AlreadyFlated]
    stream.__Comment__ = comment  # type: ignore[attr-defined]  # reportlab's comment slot, not in its stubs
    return stream


def _remember(memo: dict[Any, Any], key: Any, value: Any) -> Any:
    if len(memo) >= MEMO_SIZE:
        memo.clear()
    memo[key] = value
    return value


#: The names a font subset keeps (copyright, family, style, unique id, full name, version,
#: PostScript name): PDF readers need none of them, and the rest of PT Serif's (its licence,
#: description and designer: 18 KB) would be half of every subset.
KEPT_NAMES = frozenset(range(7))


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    return int(sum(struct.unpack(f">{len(padded) // 4}I", padded))) & 0xFFFFFFFF


def slim_name_table(table: bytes) -> bytes:
    """A TrueType ``name`` table with only the records of :data:`KEPT_NAMES`."""
    _, count, storage = struct.unpack(">HHH", table[:6])
    records, strings, offset = [], [], 0
    for i in range(count):
        platform, encoding, language, name_id, length, start = struct.unpack(">6H", table[6 + 12 * i:18 + 12 * i])
        if name_id in KEPT_NAMES:
            records.append(struct.pack(">6H", platform, encoding, language, name_id, length, offset))
            strings.append(table[storage + start:storage + start + length])
            offset += length
    return struct.pack(">HHH", 0, len(records), 6 + 12 * len(records)) + b"".join(records) + b"".join(strings)


def slim_font(font: bytes) -> bytes:
    """A TrueType font program (a subset reportlab made) with its ``name`` table slimmed to
    :data:`KEPT_NAMES`; tables, checksums and the head's checksum adjustment rebuilt. A font
    without a ``name`` table, or not TrueType, is returned as it is."""
    version, count = struct.unpack(">IH", font[:6])
    if version not in (0x00010000, 0x74727565):
        return font
    tables = {}
    for i in range(count):
        tag, _, start, length = struct.unpack(">4sIII", font[12 + 16 * i:28 + 16 * i])
        tables[tag] = font[start:start + length]
    if b"name" not in tables or b"head" not in tables:
        return font
    tables[b"name"] = slim_name_table(tables[b"name"])
    tables[b"head"] = tables[b"head"][:8] + b"\0\0\0\0" + tables[b"head"][12:]
    directory, body = [], []
    offset = 12 + 16 * len(tables)
    for tag in sorted(tables):
        data = tables[tag]
        directory.append(struct.pack(">4sIII", tag, _checksum(data), offset, len(data)))
        body.append(data + b"\0" * (-len(data) % 4))
        offset += len(body[-1])
    search = 1 << (len(tables).bit_length() - 1)
    header = struct.pack(">IHHHH", version, len(tables), search * 16, search.bit_length() - 1,
                         len(tables) * 16 - search * 16)
    out = bytearray(header + b"".join(directory) + b"".join(body))
    head = out.index(b"head", 12)  # the head table's record in the directory
    where = struct.unpack(">I", out[head + 8:head + 12])[0]
    out[where + 8:where + 12] = struct.pack(">I", (0xB1B0AFBA - _checksum(bytes(out))) & 0xFFFFFFFF)
    return bytes(out)


def subset_memo_font(name: str, path: str) -> Any:
    """A reportlab TTFont for ``path`` whose embedded subsets are compressed once per process
    for the same letters (a subclass, so nothing of reportlab's own is changed)."""
    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfbase.ttfonts import TTFont

    class SubsetMemoTTFont(TTFont):
        def addObjects(self, doc: Any) -> None:
            super().addObjects(doc)
            prefix = f"fontFile:{self.face.filename}("
            for key, stream in doc.idToObject.items():
                if not (key.startswith(prefix) and isinstance(stream, pdfdoc.PDFStream)
                        and stream.filters == [pdfdoc.PDFZCompress]):
                    continue
                content = stream.content if isinstance(stream.content, bytes) else stream.content.encode("latin-1")
                found = _compressed_subsets.get(content)
                if found is None:
                    if len(_compressed_subsets) >= SUBSET_MEMO_SIZE:
                        _compressed_subsets.clear()
                    slim = slim_font(content)
                    found = _compressed_subsets[content] = (zlib.compress(slim), len(slim))
                stream.content, stream.dictionary["Length1"] = found
                stream.filters = [_AlreadyFlated]

    # asciiReadable=False: a subset holds the letters the file uses, not all of ASCII besides
    return SubsetMemoTTFont(name, path, asciiReadable=False)


def register_font_object(font: Any) -> None:
    """Register ``font`` with reportlab so that its name draws with this very object.

    reportlab maps a second font of a face onto the first one registered for that face; then
    ``font``'s name alone is set to ``font`` (the other font and its name are left as they are)."""
    from reportlab.pdfbase import pdfmetrics

    pdfmetrics.registerFont(font)
    if pdfmetrics.getFont(font.fontName) is not font:
        fonts: dict[str, Any] = getattr(pdfmetrics, "_fonts")  # noqa: B009  (not in reportlab's stubs)
        fonts[font.fontName] = font


class CertificateCanvas:
    """A reportlab :class:`Canvas` for certificates, and what qujat tracks per file.

    Draw on :attr:`canvas` with reportlab's public API; finish pages with :meth:`showPage`
    and the file with :meth:`save` (reportlab's names, so a caller may treat this as the
    canvas for those two).
    """

    def __init__(self, canvas: Canvas, page_size: tuple[float, float], target: str | None = None) -> None:
        self.canvas = canvas
        #: the file the canvas is saved to (None: the stream the canvas was made with)
        self.target = target
        #: the size of the page being drawn (the canvas keeps it only privately)
        self.page_size = page_size
        #: names of the forms (and other once-per-file things) already defined in this file
        self.defined: set[str] = set()
        #: the file's shared resource dictionaries, by what they hold
        self._resources: dict[Any, Any] = {}

    def set_page_size(self, width: float, height: float) -> None:
        """Make the following pages ``width`` × ``height`` points (nothing when they are)."""
        if self.page_size != (width, height):
            self.canvas.setPageSize((width, height))
            self.page_size = (width, height)

    def begin_form(self, name: str) -> None:
        self.canvas.beginForm(name)
        self.defined.add(name)

    def end_form(self, name: str) -> None:
        """End form ``name``: a large one is compressed once per process (every file of a batch
        carries the same background)."""
        self.canvas.endForm()
        # private (see the module's docstring), hence not in types-reportlab:
        form = self.canvas._doc.idToObject.get(f"FormXob.{name}")  # type: ignore[attr-defined]
        if form is None or not form.compression or not isinstance(form.stream, (str, bytes)):
            return
        data = form.stream.encode("utf-8") if isinstance(form.stream, str) else form.stream
        if len(data) < MEMO_MIN_LENGTH:
            return
        flated = _compressed_forms.get(data) or _remember(_compressed_forms, data, zlib.compress(data, 9))
        form.Contents = _flated_stream(flated, "xobject form stream")
        form.compression = 0  # keep these filters (reportlab would set its own at save)

    def draw_recorded(self, key: Any, draw: Callable[[Canvas], None]) -> None:
        """``draw(canvas)`` the first time in this process, its operators again for later
        ``key``: only for drawing that uses no font, image or other resource, with its
        graphics state saved and restored."""
        ops = _recorded.get(key)
        if ops is None:
            code = self.canvas._code  # type: ignore[attr-defined]  # private: see the module's docstring
            start = len(code)
            draw(self.canvas)
            _remember(_recorded, key, "\n".join(code[start:]))
        else:
            self.canvas.addLiteral(ops)

    def showPage(self) -> None:
        """Finish the page, and compress its content now rather than at save, so that a long
        document holds each page's content compressed (a third of the size) until written."""
        self.canvas.showPage()
        page = self.canvas._doc.Pages.pages[-1]  # type: ignore[attr-defined]  # private: see the module's docstring
        self._share_resources(page)
        if not (page.compression and isinstance(page.stream, str) and page.stream):
            return
        page.Contents = _flated_stream(zlib.compress(page.stream.encode("utf-8")), "page stream")
        page.stream = None

    def _share_resources(self, page: Any) -> None:
        """Point ``page`` at the file's one resource dictionary for what it uses (made the
        first time), as reportlab would build for it (fonts, forms, graphics states); a page
        with colour spaces or shadings keeps its own."""
        from reportlab.pdfbase import pdfdoc

        if page.Resources or page._colorsUsed or page._shadingUsed:
            return
        forms = tuple(sorted(page.XObjects.dict)) if page.XObjects else ()
        states = tuple(sorted((name, tuple(sorted(state.dict.items()))) for name, state in page.ExtGState.dict.items())
                       ) if page.ExtGState else ()
        key = (bool(page.hasImages), forms, states)
        shared = self._resources.get(key)
        if shared is None:
            resources = pdfdoc.PDFResourceDictionary()
            resources.basicFonts()
            if page.hasImages:
                resources.allProcs()
            if page.XObjects:
                resources.XObject = page.XObjects  # type: ignore[attr-defined]  # set in its __init__
            if page.ExtGState:
                resources.ExtGState = page.ExtGState  # type: ignore[attr-defined]
            shared = self._resources[key] = self.canvas._doc.Reference(  # type: ignore[attr-defined]
                resources, f"qujatResources{len(self._resources)}")
        page.Resources = shared

    def save(self) -> None:
        """Write the file; its handle is closed whatever happens (reportlab's own save leaves a
        file it could not write open until the garbage collector runs: a full disk stays busy)."""
        if self.target is None:
            self.canvas.save()
            return
        data = self.canvas.getpdfdata()  # type: ignore[no-untyped-call]  # public, unannotated in the stubs
        with open(self.target, "wb") as fh:
            fh.write(data)


def new_canvas(out: Any, design: Any, title: str, subject: str | None = None) -> CertificateCanvas:
    """A reproducible canvas (invariant mode, fixed metadata, PT Serif as the only font) for
    ``design``'s page, with its media, crop, trim, bleed and art boxes."""
    from reportlab.pdfgen.canvas import Canvas

    box = (0, 0, design.width, design.height)
    c = Canvas(out, pagesize=(design.width, design.height), invariant=1, pageCompression=1,
               lang=design.langs[0],
               initialFontName=design.base_font,
               cropBox=box, trimBox=box, bleedBox=box, artBox=box)
    c.setTitle(title)
    c.setAuthor(design.organisation)
    c.setSubject(subject or design.award_name)
    c.setCreator(f"qujat {__version__}")
    c.setKeywords(design.award.id)
    return CertificateCanvas(c, (design.width, design.height), os.fspath(out) if isinstance(out, (str, os.PathLike))
                             else None)


def certificates_pdf(design: Any, pages: Iterable[Any], title: str | None = None) -> bytes:
    """A PDF (bytes) with one page per prepared certificate, all on one shared background."""
    pages = list(pages)
    if not pages:
        raise TemplateError(M_("no certificates to print", code="pdf.nothing"))
    buf = io.BytesIO()
    c = new_canvas(buf, design, title or (pages[0].title if len(pages) == 1 else design.title))
    for page in pages:
        design.draw(c, page)
    c.save()
    return buf.getvalue()
