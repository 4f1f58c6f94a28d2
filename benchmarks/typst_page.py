"""The Typst prototype: the same `federation-badge` page as ``floor.py``, laid out by Typst (its
Python binding, ``pip install typst``) with the border and emblem as one SVG and each QR code as
an SVG of its own (zxing-cpp's modules, one rect a row's run), for comparison with qujat.

    python3 benchmarks/typst_page.py --rows 1000 -o /tmp/typst.pdf

``--border pdf`` gives Typst the same border as a one-page PDF image instead, which it
embeds once and reuses on every page (an SVG it draws again on each). The border is made once
(outside the timed run, cached in the temporary folder) from the floor's background drawn by
``qujat.certificates.drawing``, through ``pdftocairo -svg`` (poppler-utils). Typst compiles on
all cores: the benchmark runner counts the CPU time of every thread.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import typst
import zxingcpp

sys.path.insert(0, str(Path(__file__).resolve().parent))
import floor

DARK = re.compile(rb"\x00+")


def border_svg(folder: Path) -> Path:
    """The border and emblem as one SVG, and as the one-page PDF it is made from (made once,
    kept in ``folder``)."""
    svg = folder / "qujat-typst-border.svg"
    if svg.exists():
        return svg
    from reportlab.pdfgen.canvas import Canvas

    floor.register_fonts()
    pdf = folder / "qujat-typst-border.pdf"
    c = Canvas(str(pdf), pagesize=(floor.WIDTH, floor.HEIGHT), invariant=1)
    c.beginForm("bg")
    from qujat.certificates.drawing import draw_emblem, draw_guilloche_border

    draw_guilloche_border(c, floor.WIDTH, floor.HEIGHT, margin=8 * floor.MM, band=10 * floor.MM,
                          colours=[floor.PRIMARY, floor.ACCENT, "#5b6f3a"])
    draw_emblem(c, "badge", (212 + 25) * floor.MM, floor.HEIGHT - (30 + 50 * 1.35 / 2) * floor.MM, 50 * floor.MM,
                colours={"primary": floor.PRIMARY, "accent": floor.ACCENT, "text": floor.TEXT},
                top_text="КӘСІПОДАҚТАР", bottom_text="ҚРКФ", font="PT Serif", bold_font="PT Serif Bold")
    c.endForm()
    c.doForm("bg")
    c.showPage()
    c.save()
    subprocess.run(["pdftocairo", "-svg", str(pdf), str(svg)], check=True)
    return svg


def qr_svg(content: str) -> str:
    code = zxingcpp.create_barcode(content, zxingcpp.BarcodeFormat.QRCode, ec_level="M", data_mask=0)
    image = memoryview(code.to_image(scale=1, add_quiet_zones=True))  # type: ignore[arg-type]
    width = image.shape[0]
    data = image.tobytes()
    path = "".join(f"M{m.start() % width} {m.start() // width}h{m.end() - m.start()}v1h-{m.end() - m.start()}z"
                   for m in DARK.finditer(data))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {width}">'
            f'<path fill="{floor.TEXT}" d="{path}"/></svg>')


def box(font: str, size: float, colour: str, align: str, x: float, width: float, y: float, height: float,
        lines: str) -> str:
    weight = "bold" if "Bold" in font else "regular"
    style = "italic" if "Italic" in font else "normal"
    where = {"center": "center", "left": "left", "right": "right"}[align]
    return (f'place(top + left, dx: {x}mm, dy: {y}mm, box(width: {width}mm, height: {height}mm, '
            f'align({where} + horizon, text(size: {size}pt, weight: "{weight}", style: "{style}", '
            f'fill: rgb("{colour}"), {lines}))))\n')


def quoted(text: str) -> str:
    """A Typst string literal."""
    return json.dumps(text, ensure_ascii=False)


def document(rows: int, border: Path) -> tuple[str, list[dict[str, str]]]:
    fixed = "".join(box(*f[:8], "[" + " \\ ".join(f[8]) + "]") for f in floor.FIXED)  # type: ignore[misc]
    data = []
    for i in range(rows):
        number = f"FB-{i + 1:04d}"
        data.append({"name": f"{floor.NAMES[i % len(floor.NAMES)]} {i}", "number": f"№ {number}",
                     "qr": qr_svg(f"ҚРКФ federation-badge {number} 2021-05-06")})
    source = (f'#set page(width: 297mm, height: 210mm, margin: 0mm, background: image("{border.name}", '
              'width: 100%, height: 100%))\n'
              '#set text(font: "PT Serif", lang: "kk")\n'
              '#let rows = json("rows.json")\n'
              '#for (i, row) in rows.enumerate() {\n'
              '  if i > 0 { pagebreak() }\n'
              + "".join(f"  {line}" for line in fixed.splitlines(keepends=True)) +
              f'  {box("PT Serif Bold", 28, floor.TEXT, "center", 30, 172, 66, 26, "row.name")}'
              f'  {box("PT Serif", 11.5, floor.TEXT, "center", 30, 172, 93, 17, quoted(floor.POSITION))}'
              f'  {box("PT Serif", 12, floor.TEXT, "left", 28, 95, 153, 7, quoted(floor.DATE))}'
              f'  {box("PT Serif Bold", 12, floor.TEXT, "left", 28, 95, 161, 7, "row.number")}'
              '  place(top + left, dx: 242mm, dy: 149mm, image(bytes(row.qr), format: "svg", width: 36mm))\n'
              '}\n')
    return source, data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--border", choices=["svg", "pdf"], default="svg",
                        help="the border as one SVG (the issue's prototype) or as a PDF image (Typst draws it once)")
    parser.add_argument("--prepare", action="store_true", help="only make the border SVG (untimed)")
    args = parser.parse_args()
    cache = Path(tempfile.gettempdir())
    border = border_svg(cache)
    if args.prepare:
        return
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if args.border == "pdf":
            border = border.with_suffix(".pdf")
        (root / border.name).write_bytes(border.read_bytes())
        source, data = document(args.rows, border)
        (root / "rows.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        (root / "page.typ").write_text(source, encoding="utf-8")
        fonts = str(Path(__import__("fontpkg_pt_serif").__file__).resolve().parent / "files")
        typst.compile(str(root / "page.typ"), output=args.output, root=str(root), font_paths=[fonts],
                      ignore_system_fonts=True, pdf_tags=False)


if __name__ == "__main__":
    main()
