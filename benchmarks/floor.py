"""The floor: a `federation-badge` page in Kazakh drawn with reportlab's public API alone and its
QR code from zxing-cpp, nothing else (no list read, no template, no fitting, no run sheet, no
registry). What no certificate program built on reportlab can beat, to measure qujat against.

    python3 benchmarks/floor.py --rows 1000 -o /tmp/floor.pdf           # one PDF, 1,000 pages
    python3 benchmarks/floor.py --rows 1000 --signed -o /tmp/floor.pdf  # a signed payload's code
    python3 benchmarks/floor.py --rows 20 --split -o /tmp/floor/        # one file a person

The page is qujat's own (the same positions, fonts, sizes and colours as
``templates/certificates/federation-badge.yaml`` fitted for the benchmark's list): the border
and the emblem, drawn once per file by ``qujat.certificates.drawing`` (reportlab's public path
API only) into a form with the fixed texts, then per page the name, position, date, number and
the QR code (``zxingcpp.create_barcode``, its modules as one path of ``rect``s per row run, the
way reportlab's public ``PDFPathObject`` draws them). ``--signed`` puts in the code as many bytes
as a format-2 signed payload has (the facts and 64 bytes standing for the signature) and
prints the eight letters under it, as a registry's certificate does; the default is the short
text of a certificate issued without a registry. The names are the benchmark list's
(``bench_batch.NAMES``, numbered).
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import sys
from pathlib import Path

import zxingcpp
from reportlab.lib.colors import HexColor
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_batch import NAMES

MM = 72 / 25.4
WIDTH, HEIGHT = 297 * MM, 210 * MM
PRIMARY, ACCENT, TEXT = "#7a1f2b", "#b08d3c", "#1a1a1a"
POSITION = "Бастауыш кәсіподақ ұйымының төрағасы, «Қазақстан темір жолы» ұлттық компаниясы"
DATE = "2021 жылғы 6 мамыр"
#: (font, size, colour, align, x mm, width mm, y mm, height mm, lines): the fixed texts as fitted
FIXED = [
    ("PT Serif Bold", 13, PRIMARY, "center", 30, 172, 24, 9, ["ҚАЗАҚСТАН РЕСПУБЛИКАСЫ КӘСІПОДАҚТАРЫ ФЕДЕРАЦИЯСЫ"]),
    ("PT Serif Bold", 34, PRIMARY, "center", 30, 172, 35, 16, ["КУӘЛІК"]),
    ("PT Serif Italic", 15, ACCENT, "center", 30, 172, 52, 10, ["«Кәсіподақтарға сіңірген еңбегі үшін» төсбелгісіне"]),
    ("PT Serif", 15, PRIMARY, "center", 30, 237, 122, 19,
     ["Кәсіподақ қозғалысын дамытуға қосқан елеулі үлесі үшін «Кәсіподақтарға сіңірген еңбегі",
      "үшін» төсбелгісімен марапатталды"]),
    ("PT Serif", 11, TEXT, "left", 126, 110, 152, 12, ["Қазақстан Республикасы Кәсіподақтары Федерациясының",
                                                       "Төрағасы"]),
]


def register_fonts() -> None:
    import fontpkg_pt_serif

    folder = Path(fontpkg_pt_serif.__file__).resolve().parent / "files"
    for name, file in (("PT Serif", "PT_Serif-Web-Regular.ttf"), ("PT Serif Bold", "PT_Serif-Web-Bold.ttf"),
                       ("PT Serif Italic", "PT_Serif-Web-Italic.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))


def text(c: Canvas, font: str, size: float, colour: str, align: str, x: float, width: float, y: float,
         height: float, lines: list[str], leading: float = 1.2) -> None:
    """Lines in their box, centred vertically, as qujat places them."""
    step = size * leading
    top = HEIGHT - y * MM - (height * MM - step * len(lines)) / 2
    c.setFillColor(HexColor(colour))
    c.setFont(font, size)
    for i, line in enumerate(lines):
        baseline = top - i * step - size * (0.8 + (leading - 1) / 2)
        if align == "center":
            c.drawCentredString((x + width / 2) * MM, baseline, line)
        elif align == "right":
            c.drawRightString((x + width) * MM, baseline, line)
        else:
            c.drawString(x * MM, baseline, line)


def background(c: Canvas) -> None:
    """The border, the emblem and the fixed texts, once per file, into the form «bg»."""
    from qujat.certificates.drawing import draw_emblem, draw_guilloche_border

    c.beginForm("bg")
    draw_guilloche_border(c, WIDTH, HEIGHT, margin=8 * MM, band=10 * MM, colours=[PRIMARY, ACCENT, "#5b6f3a"])
    draw_emblem(c, "badge", (212 + 25) * MM, HEIGHT - (30 + 50 * 1.35 / 2) * MM, 50 * MM,
                colours={"primary": PRIMARY, "accent": ACCENT, "text": TEXT}, top_text="КӘСІПОДАҚТАР",
                bottom_text="ҚРКФ", font="PT Serif", bold_font="PT Serif Bold")
    c.setStrokeColor(HexColor(TEXT))
    c.line(126 * MM, HEIGHT - 174 * MM, 176 * MM, HEIGHT - 174 * MM)
    for fixed in FIXED:
        text(c, *fixed)  # type: ignore[arg-type]
    c.endForm()


def qr(c: Canvas, content: str | bytes, x: float, y: float, size: float) -> None:
    """The QR code of ``content`` (level M, mask 0, as qujat makes it), one rect a row's run."""
    code = zxingcpp.create_barcode(content, zxingcpp.BarcodeFormat.QRCode, ec_level="M", data_mask=0)
    image = memoryview(code.to_image(scale=1, add_quiet_zones=False))  # type: ignore[arg-type]
    count = image.shape[0]
    module = size / (count + 8)
    data = image.tobytes()
    path = c.beginPath()
    for row in range(count):
        line = data[row * count:(row + 1) * count]
        start = line.find(b"\x00")
        while start >= 0:
            end = line.find(b"\xff", start)
            end = count if end < 0 else end
            path.rect(start, count - 1 - row, end - start, 1)
            start = line.find(b"\x00", end)
    c.saveState()
    c.setFillColor(HexColor(TEXT))
    c.translate(x + 4 * module, y + 4 * module)
    c.scale(module, module)
    c.drawPath(path, stroke=0, fill=1)
    c.restoreState()


def page(c: Canvas, i: int, signed: bool) -> None:
    name = f"{NAMES[i % len(NAMES)]} {i}"
    number = f"FB-{i + 1:04d}"
    c.doForm("bg")
    text(c, "PT Serif Bold", 28, TEXT, "center", 30, 172, 66, 26, [name], 1.1)
    text(c, "PT Serif", 11.5, TEXT, "center", 30, 172, 93, 17, [POSITION], 1.15)
    text(c, "PT Serif", 12, TEXT, "left", 28, 95, 153, 7, [DATE])
    text(c, "PT Serif Bold", 12, TEXT, "left", 28, 95, 161, 7, [f"№ {number}"])
    if signed:  # the facts and a stand-in for the 64-byte signature, as format 2 packs them
        facts = b"Q\x21abc\x1c\x1e" + bytes([len(number)]) + number.encode() + b"\x10federation-badge"
        signature = hashlib.sha512(name.encode()).digest()
        content: str | bytes = facts + name.encode("kz1048") + signature
        letters = base64.b32encode(signature).decode()[:8]
        text(c, "PT Serif", 8, TEXT, "center", 242, 36, 185, 5, [f"{letters[:4]}-{letters[4:]}"])
    else:
        content = f"ҚРКФ federation-badge {number} 2021-05-06"
    qr(c, content, 242 * MM, HEIGHT - (149 + 36) * MM, 36 * MM)
    c.showPage()


def canvas(path: str) -> Canvas:
    c = Canvas(path, pagesize=(WIDTH, HEIGHT), invariant=1, pageCompression=1, initialFontName="PT Serif")
    c.setTitle("Куәлік")
    return c


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--signed", action="store_true", help="a signed payload's code and its letters")
    parser.add_argument("--split", action="store_true", help="one file a person, in the folder -o")
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()
    register_fonts()
    if args.split:
        folder = Path(args.output)
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(args.rows):
            c = canvas(str(folder / f"FB-{i + 1:04d}.pdf"))
            background(c)
            page(c, i, args.signed)
            c.save()
        return
    c = canvas(args.output)
    background(c)
    for i in range(args.rows):
        page(c, i, args.signed)
    c.save()


if __name__ == "__main__":
    main()
