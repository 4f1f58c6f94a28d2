"""The certificate's vector decoration: guilloche border and emblems (qujat.certificates.drawing)."""
from __future__ import annotations

import io

import fontpkg_pt_serif
import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from qujat.certificates.drawing import EMBLEM_KINDS, draw_emblem, draw_guilloche_border

W, H = 842.0, 595.0                      # A4 landscape
MARGIN, BAND, LINE = 20.0, 30.0, 0.35
BORDER_COLOURS = ("#1d3c78", "#b08d2e", "#2f7f8a", "#7a2f3b")
EMBLEM_COLOURS = {"primary": "#1d4f91", "accent": "#c9a43a", "text": "#1a2340"}
REGULAR, BOLD = "QujatTest-PTSerif", "QujatTest-PTSerif-Bold"
MEDAL = (160.0, 300.0, 150.0)            # cx, cy, size
BADGE = (W - 160.0, 300.0, 150.0)


@pytest.fixture(scope="module", autouse=True)
def fonts() -> None:
    """PT Serif (with the Kazakh letters), registered the way the caller does."""
    files = fontpkg_pt_serif.ROOT / "files"
    pdfmetrics.registerFont(TTFont(REGULAR, str(files / "PT_Serif-Web-Regular.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(files / "PT_Serif-Web-Bold.ttf")))


def render(draw) -> bytes:
    """One A4-landscape page drawn by draw(canvas), as PDF bytes (invariant: no dates, no ids)."""
    out = io.BytesIO()
    c = Canvas(out, pagesize=(W, H), invariant=1)
    draw(c)
    c.showPage()
    c.save()
    return out.getvalue()


def border(c: Canvas) -> None:
    draw_guilloche_border(c, W, H, margin=MARGIN, band=BAND, colours=BORDER_COLOURS, line_width=LINE)


def medal(c: Canvas) -> None:
    draw_emblem(c, "medal", *MEDAL, colours=EMBLEM_COLOURS, top_text="АСТАНА", bottom_text="20 ЖЫЛ",
                font=REGULAR, bold_font=BOLD)


def badge(c: Canvas) -> None:
    draw_emblem(c, "badge", *BADGE, colours=EMBLEM_COLOURS, top_text="ҚҰРМЕТ",
                bottom_text="Еңбек үшін", font=REGULAR, bold_font=BOLD)


def full_page(c: Canvas) -> None:
    border(c)
    medal(c)
    badge(c)
    draw_emblem(c, "none", W / 2, H / 2, 100, colours=EMBLEM_COLOURS)


def path_points(pdf: bytes) -> tuple[list[tuple[float, float]], int]:
    """Every point of every path on page 1 in page coordinates (control points included, the
    current transformation matrix applied), and the q/Q nesting depth left at the end."""
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    ctm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    stack: list[tuple[float, ...]] = []
    points: list[tuple[float, float]] = []

    def put(x: float, y: float) -> None:
        a, b, c, d, e, f = ctm
        points.append((a * x + c * y + e, b * x + d * y + f))

    geometry = (b"cm", b"m", b"l", b"c", b"v", b"y", b"re")
    for operands, operator in page.get_contents().operations:
        args = [float(v) for v in operands] if operator in geometry else []
        if operator == b"q":
            stack.append(ctm)
        elif operator == b"Q":
            ctm = stack.pop()
        elif operator == b"cm":
            a, b, c, d, e, f = args
            A, B, C, D, E, F = ctm
            ctm = (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
                   e * A + f * C + E, e * B + f * D + F)
        elif operator in (b"m", b"l", b"c", b"v", b"y"):
            for i in range(0, len(args), 2):
                put(args[i], args[i + 1])
        elif operator == b"re":
            x, y, w, h = args
            for px, py in ((x, y), (x + w, y), (x, y + h), (x + w, y + h)):
                put(px, py)
    return points, len(stack)


def outside_band(points, margin: float = MARGIN, band: float = BAND, tol: float = LINE):
    """The points that are not within the border's band (with tol of slack)."""
    lo, hi_x, hi_y = margin - tol, W - margin + tol, H - margin + tol
    in_lo, in_hx, in_hy = margin + band + tol, W - margin - band - tol, H - margin - band - tol
    return [(x, y) for x, y in points
            if not (lo <= x <= hi_x and lo <= y <= hi_y)                     # off the outer edge
            or (in_lo < x < in_hx and in_lo < y < in_hy)]                    # inside the inner edge


def test_page_is_a_deterministic_pdf():
    first, second = render(full_page), render(full_page)
    assert first.startswith(b"%PDF-") and first.rstrip().endswith(b"%%EOF")
    assert first == second
    assert len(PdfReader(io.BytesIO(first)).pages) == 1


def test_unknown_emblem_kind_is_refused():
    c = Canvas(io.BytesIO(), pagesize=(W, H))
    with pytest.raises(ValueError, match="unknown emblem kind"):
        draw_emblem(c, "trophy", 100, 100, 100, colours=EMBLEM_COLOURS)
    assert EMBLEM_KINDS == ("medal", "badge", "none")


def test_none_draws_nothing():
    nothing = render(lambda c: draw_emblem(c, "none", 100, 100, 100, colours=EMBLEM_COLOURS))
    assert nothing == render(lambda c: None)


def test_kazakh_texts_extract_back():
    text = PdfReader(io.BytesIO(render(full_page))).pages[0].extract_text()
    assert "АСТАНА" in text and "20 ЖЫЛ" in text            # straight on the medal
    letters = "".join(text.split())                           # the badge letters each on the arc
    assert "ҚҰРМЕТ" in letters and "Еңбекүшін" in letters


def test_border_stays_within_its_band():
    points, depth = path_points(render(border))
    assert len(points) > 5000                                  # the strands were all seen
    assert outside_band(points) == []
    xs, ys = [x for x, _ in points], [y for _, y in points]
    assert min(xs) == pytest.approx(MARGIN, abs=1) and max(xs) == pytest.approx(W - MARGIN, abs=1)
    assert min(ys) == pytest.approx(MARGIN, abs=1) and max(ys) == pytest.approx(H - MARGIN, abs=1)
    assert depth == 0                                          # saveState/restoreState balanced


def test_band_check_catches_a_stray_line():
    def stray(c: Canvas) -> None:
        border(c)
        c.line(W / 2 - 10, H / 2, W / 2 + 10, H / 2)          # in the middle of the page
    points, _ = path_points(render(stray))
    assert outside_band(points) == [(W / 2 - 10, H / 2), (W / 2 + 10, H / 2)]


@pytest.mark.parametrize("draw, box, height", [(medal, MEDAL, 1.35), (badge, BADGE, 1.0)])
def test_emblem_stays_within_its_box(draw, box, height):
    cx, cy, size = box
    points, depth = path_points(render(draw))
    assert points and depth == 0
    xs, ys = [x for x, _ in points], [y for _, y in points]
    assert cx - size / 2 - 0.01 <= min(xs) and max(xs) <= cx + size / 2 + 0.01
    assert cy - size * height / 2 - 0.01 <= min(ys) and max(ys) <= cy + size * height / 2 + 0.01
    assert max(ys) > cy + size * height / 2 - 2                # it does use the height it claims


def test_canvas_state_is_left_as_found():
    c = Canvas(io.BytesIO(), pagesize=(W, H))
    c.setFont("Helvetica", 11)
    c.setLineWidth(1.5)
    c.setFillColorRGB(0.1, 0.2, 0.3)
    before = (c._fontname, c._fontsize, c._lineWidth, c._fillColorObj, c._strokeColorObj)
    full_page(c)
    assert (c._fontname, c._fontsize, c._lineWidth, c._fillColorObj, c._strokeColorObj) == before


def test_border_in_a_form_xobject_is_compact():
    def page(c: Canvas) -> None:
        c.beginForm("border")
        border(c)
        c.endForm()
        c.doForm("border")
    pdf = render(page)
    reader = PdfReader(io.BytesIO(pdf))
    (form,) = reader.pages[0]["/Resources"]["/XObject"].values()
    form = form.get_object().get_data()
    segments = sum(form.count(op) for op in (b" c ", b" l ", b" c\n", b" l\n"))
    assert 1000 < segments < 20000                              # thousands, not hundreds of thousands


@pytest.mark.parametrize("changes", [{"band": 0}, {"margin": -1}, {"colours": []}, {"colours": ["navy"]},
                                     {"margin": 200, "band": 120}])
def test_border_arguments_are_checked(changes):
    arguments = {"margin": MARGIN, "band": BAND, "colours": BORDER_COLOURS, **changes}
    with pytest.raises(ValueError):
        draw_guilloche_border(Canvas(io.BytesIO()), W, H, **arguments)
