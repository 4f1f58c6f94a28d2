"""The reportlab internals qujat's one adapter (qujat.certificates.reportlab_adapter) relies on.

When a reportlab release moves one of them these tests fail first, naming what moved, rather
than the certificates coming out wrong: then update the adapter (and only it).
"""
from __future__ import annotations

import io
import zlib
from typing import Any

import pytest
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from qujat.certificates.reportlab_adapter import CertificateCanvas


def _require(obj: object, attribute: str, where: str) -> object:
    if not hasattr(obj, attribute):
        pytest.fail(f"reportlab moved {where}.{attribute}, which qujat.certificates.reportlab_adapter uses: "
                    "adapt that module")
    return getattr(obj, attribute)


def test_canvas_keeps_its_operators_and_document() -> None:
    c = Canvas(io.BytesIO())
    code = _require(c, "_code", "Canvas")
    assert isinstance(code, list), "Canvas._code is no longer a list of operator strings"
    c.setLineWidth(2)
    assert code and code[-1].endswith(" w"), "Canvas._code no longer receives the operators drawn"
    doc = _require(c, "_doc", "Canvas")
    _require(_require(doc, "Pages", "PDFDocument"), "pages", "PDFDocument.Pages")
    assert isinstance(_require(doc, "idToObject", "PDFDocument"), dict)


def test_finished_page_holds_its_stream() -> None:
    c = Canvas(io.BytesIO(), pageCompression=1)
    c.rect(10, 10, 20, 20)
    c.showPage()
    page: Any = _require(_require(_require(c, "_doc", "Canvas"), "Pages", "PDFDocument"), "pages", "Pages")
    page = page[-1]
    assert _require(page, "compression", "PDFPage") == 1
    assert isinstance(_require(page, "stream", "PDFPage"), str), "a finished page's stream is no longer text"
    assert "re" in page.stream
    _require(page, "Contents", "PDFPage")


def test_form_is_found_by_name_with_its_stream() -> None:
    c = Canvas(io.BytesIO(), pageCompression=1)
    c.beginForm("probe")
    c.rect(10, 10, 20, 20)
    c.endForm()
    form: Any = c._doc.idToObject.get("FormXob.probe")
    assert form is not None, "forms are no longer kept in PDFDocument.idToObject as 'FormXob.<name>'"
    assert isinstance(_require(form, "stream", "PDFFormXObject"), bytes)
    _require(form, "compression", "PDFFormXObject")
    _require(form, "Contents", "PDFFormXObject")


def test_stream_object_takes_content_and_filters() -> None:
    stream = pdfdoc.PDFStream()
    for attribute in ("content", "filters", "dictionary"):
        _require(stream, attribute, "PDFStream")


def test_adapter_output_is_valid_flate() -> None:
    from pypdf import PdfReader

    buf = io.BytesIO()
    c = Canvas(buf, pageCompression=1, invariant=1)
    cc = CertificateCanvas(c, (595.0, 842.0))
    cc.begin_form("big")
    for i in range(3000):
        c.line(i % 500, 0, 0, i % 700)
    cc.end_form("big")
    c.doForm("big")
    cc.draw_recorded(("probe", 1), lambda canvas: canvas.rect(1, 2, 3, 4))
    cc.showPage()
    cc.draw_recorded(("probe", 1), lambda canvas: canvas.rect(1, 2, 3, 4))
    cc.showPage()
    cc.save()
    pdf = buf.getvalue()
    assert b"ASCII85Decode" not in pdf
    pages: Any = PdfReader(io.BytesIO(pdf)).pages
    assert [page.get_contents().get_data().count(b" re") for page in pages] == [1, 1]
    form = pages[0]["/Resources"]["/XObject"]["/FormXob.big"].get_object()
    assert list(form["/Filter"]) == ["/FlateDecode"] and form.get_data().count(b" l") == 3000
    zlib.decompress(form._data)  # plain Flate, nothing on top


def test_font_subsets_are_compressed_once_per_process(tmp_path):
    """The adapter finds reportlab's embedded font subsets by their object names; when reportlab
    renames them this fails, instead of every file silently compressing its fonts again."""
    import datetime as dt

    from pypdf import PdfReader

    import qujat
    from qujat.certificates import reportlab_adapter as pdf

    pdf._compressed_subsets.clear()
    first = qujat.render_certificate("jubilee-medal", "Бекбас О.Т.", tmp_path / "a.pdf", date=dt.date(2018, 7, 4))
    assert pdf._compressed_subsets, "no font subset was found under 'fontFile:<file>(<name>)'"
    remembered = dict(pdf._compressed_subsets)
    second = qujat.render_certificate("jubilee-medal", "Бекбас О.Т.", tmp_path / "b.pdf", date=dt.date(2018, 7, 4))
    assert pdf._compressed_subsets == remembered and first.read_bytes() == second.read_bytes()
    fonts = [f for page in PdfReader(str(first)).pages for f in page["/Resources"]["/Font"].values()]
    descriptor = fonts[0].get_object()["/FontDescriptor"].get_object()
    assert len(descriptor["/FontFile2"].get_object().get_data()) > 1000  # the subset decodes


def test_a_finished_page_says_which_resources_it_uses() -> None:
    """The adapter shares one resource dictionary among pages from what reportlab recorded on each."""
    c = Canvas(io.BytesIO(), pageCompression=1)
    c.beginForm("probe")
    c.rect(10, 10, 20, 20)
    c.endForm()
    c.doForm("probe")
    c.setFillAlpha(0.5)
    c.rect(1, 1, 2, 2, fill=1)
    c.showPage()
    page: Any = c._doc.Pages.pages[-1]
    for name in ("Resources", "XObjects", "ExtGState", "hasImages", "_colorsUsed", "_shadingUsed"):
        _require(page, name, "PDFPage")
    assert page.Resources is None, "reportlab now sets a page's Resources before saving"
    assert list(page.XObjects.dict) == ["FormXob.probe"], "PDFPage.XObjects no longer names the forms used"
    assert all(isinstance(state, pdfdoc.PDFDictionary) for state in page.ExtGState.dict.values())
    resources = pdfdoc.PDFResourceDictionary()
    for name in ("XObject", "ExtGState", "ProcSet", "basicFonts", "allProcs"):
        _require(resources, name, "PDFResourceDictionary")


def test_pages_share_one_resource_dictionary_and_keep_their_own_when_they_differ() -> None:
    buf = io.BytesIO()
    cc = CertificateCanvas(Canvas(buf, pageCompression=1), (595, 842))
    cc.begin_form("probe")
    cc.canvas.rect(10, 10, 20, 20)
    cc.end_form("probe")
    for alpha in (None, None, 0.5):
        cc.canvas.doForm("probe")
        if alpha:
            cc.canvas.setFillAlpha(alpha)
            cc.canvas.rect(1, 1, 2, 2, fill=1)
        cc.showPage()
    cc.save()
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(buf.getvalue())).pages
    refs = [dict.__getitem__(page, "/Resources") for page in pages]  # the indirect references, unresolved
    assert refs[0] == refs[1] != refs[2]
    assert [sorted(page["/Resources"]["/XObject"]) for page in pages] == [["/FormXob.probe"]] * 3
    assert "/ExtGState" in pages[2]["/Resources"] and "/ExtGState" not in pages[0]["/Resources"]


def test_a_slimmed_font_subset_keeps_its_names_and_checksums(tmp_path) -> None:
    """The subsets carry the letters used and the names a reader shows; every checksum is right."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    from qujat.certificates.fonts import FONT_FILES, font_folder
    from qujat.certificates.reportlab_adapter import slim_font

    original = (font_folder() / FONT_FILES["PT Serif"]).read_bytes()
    slim = slim_font(original)
    assert len(slim) < len(original) - 15_000  # the licence and description texts are gone
    (tmp_path / "slim.ttf").write_bytes(slim)
    font = TTFontFile(str(tmp_path / "slim.ttf"), validate=1)  # table and whole-font checksums checked
    assert font.name == b"PTSerif-Regular" and font.familyName == b"PT Serif"
    assert slim_font(b"OTTO" + original[4:]) == b"OTTO" + original[4:]  # not TrueType: left alone


def test_a_certificate_file_embeds_slim_subsets_of_the_letters_it_uses(tmp_path) -> None:
    import re

    import qujat

    qujat.render_certificate("jubilee-medal", {"name": "Азат Харрасов", "position": "төраға"}, tmp_path / "c.pdf",
                             lang="kk+ru", registry=tmp_path / "registry.sqlite3")  # signed: the code's letters too
    data = (tmp_path / "c.pdf").read_bytes()
    assert len(data) < 100_000
    programs = [zlib.decompress(data[m.end():m.end() + int(m.group(1))])
                for m in re.finditer(rb"/Length (\d+) /Length1 \d+\s*>>\s*stream\r?\n", data)]
    assert len(programs) == 3
    from qujat.certificates.fonts import FONT_FILES, font_folder

    assert "Open Font License".encode("utf-16-be") in (font_folder() / FONT_FILES["PT Serif"]).read_bytes()
    for program in programs:
        assert "Open Font License".encode("utf-16-be") not in program and len(program) < 40_000


def test_reportlab_maps_a_second_font_of_a_face_onto_the_first() -> None:
    """register_font_object sets reportlab's ``pdfmetrics._fonts`` entry for qujat's name because
    reportlab gives a second font of one face the first one's object."""
    import fontpkg_pt_serif
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from qujat.certificates.reportlab_adapter import register_font_object

    assert isinstance(_require(pdfmetrics, "_fonts", "pdfmetrics"), dict)
    path = str(fontpkg_pt_serif.ROOT / "files" / "PT_Serif-Web-Italic.ttf")
    first, second, ours = TTFont("Probe One", path), TTFont("Probe Two", path), TTFont("Probe Ours", path)
    pdfmetrics.registerFont(first)
    pdfmetrics.registerFont(second)
    face_font = pdfmetrics.getFont("Probe One")  # ``first``, or the font registered for this face before it
    assert pdfmetrics.getFont("Probe Two") is face_font and face_font is not second, \
        "reportlab no longer maps a face's second font onto the first: register_font_object may go"
    register_font_object(ours)
    assert pdfmetrics.getFont("Probe Ours") is ours and pdfmetrics.getFont("Probe One") is face_font


CERTIFICATE_BYTES = """
import datetime, hashlib, sys
if sys.argv[1] == "after-another-pt-serif":  # an office script registered PT Serif its own way first
    import fontpkg_pt_serif
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    for file in ("PT_Serif-Web-Regular.ttf", "PT_Serif-Web-Bold.ttf", "PT_Serif-Web-Italic.ttf"):
        pdfmetrics.registerFont(TTFont("Office " + file, str(fontpkg_pt_serif.ROOT / "files" / file)))
import qujat
data = qujat.certificate_bytes("jubilee-medal", "Азат Харрасов", lang="kk+ru", date=datetime.date(2018, 7, 4),
                               draft=True)
print(len(data), hashlib.sha256(data).hexdigest())
"""


def test_a_certificate_is_the_same_whatever_fonts_the_process_registered_before() -> None:
    import subprocess
    import sys

    made = [subprocess.run([sys.executable, "-c", CERTIFICATE_BYTES, case], capture_output=True, text=True,
                           check=True).stdout for case in ("fresh", "after-another-pt-serif")]
    assert made[0] == made[1] and int(made[0].split()[0]) < 100_000
