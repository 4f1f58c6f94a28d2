"""Build templates/minutes/reference.docx: the named styles the minutes use.

Run it again after changing a style here; offices change the copy in Word instead
(Home > Styles > Modify), which needs no code. ``python3 tools/make_reference_docx.py``
"""
from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from qujat.output import stable_zip  # noqa: E402

FONT = "Times New Roman"
BLACK = RGBColor(0, 0, 0)

# name: (base, size pt, bold, italic, alignment, space before, space after, caps, indent cm, first line cm)
PARAGRAPHS = {
    "Normal": (None, 13, False, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 0, 4, False, 0, 0),
    "Letterhead": ("Normal", 13, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 18, True, 0, 0),
    "Title": ("Normal", 16, True, False, WD_ALIGN_PARAGRAPH.CENTER, 6, 2, False, 0, 0),
    "Subtitle": ("Normal", 13, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 10, False, 0, 0),
    "Place and Date": ("Normal", 13, False, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 0, False, 0, 0),
    "Place": ("Normal", 13, False, False, WD_ALIGN_PARAGRAPH.RIGHT, 0, 0, False, 0, 0),
    "Meeting Title": ("Normal", 13, True, False, WD_ALIGN_PARAGRAPH.CENTER, 12, 12, False, 0, 0),
    "Body Text": ("Normal", 13, False, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 0, 4, False, 0, 1.25),
    "List Bullet": ("Normal", 13, False, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 0, 2, False, 0, 0),
    "List Number": ("Normal", 13, False, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 0, 2, False, 0, 0),
    "Heading 1": ("Normal", 13, True, False, WD_ALIGN_PARAGRAPH.CENTER, 12, 6, True, 0, 0),
    "Heading 2": ("Normal", 13, True, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 12, 4, False, 0, 0),
    "Rapporteur": ("Normal", 13, False, True, WD_ALIGN_PARAGRAPH.LEFT, 0, 4, False, 0.63, 0),
    "Section Label": ("Normal", 13, True, False, WD_ALIGN_PARAGRAPH.LEFT, 6, 2, True, 0, 0),
    "Resolution": ("Normal", 13, False, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 0, 2, False, 0, 1.25),
    "Vote": ("Normal", 12, False, True, WD_ALIGN_PARAGRAPH.LEFT, 0, 4, False, 1.25, 0),
    "Signature": ("Normal", 13, False, False, WD_ALIGN_PARAGRAPH.LEFT, 18, 0, False, 0, 0),
    "Appendix Note": ("Normal", 12, False, True, WD_ALIGN_PARAGRAPH.RIGHT, 0, 12, False, 0, 0),
    "Table Heading": ("Normal", 11, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, False, 0, 0),
    "Table Text": ("Normal", 11, False, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 0, False, 0, 0),
    "Footer": ("Normal", 10, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, False, 0, 0),
}


def _plain_fonts(style) -> None:
    """Drop theme fonts, borders and letter spacing inherited from python-docx's template."""
    rpr = style.element.get_or_add_rPr()
    for tag in ("w:spacing", "w:kern", "w:iCs", "w:bCs"):
        for el in rpr.findall(qn(tag)):
            rpr.remove(el)
    ppr = style.element.get_or_add_pPr()
    for el in ppr.findall(qn("w:pBdr")):
        ppr.remove(el)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        return
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:cs"), FONT)
    fonts.set(qn("w:eastAsia"), FONT)


def main(target: Path = ROOT / "templates" / "minutes" / "reference.docx") -> None:
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3.0), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    styles = document.styles
    for name, (base, size, bold, italic, align, before, after, caps, indent, first) in PARAGRAPHS.items():
        try:
            style = styles[name]
        except KeyError:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if base:
            style.base_style = styles[base]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = italic
        style.font.all_caps = caps
        style.font.color.rgb = BLACK
        _plain_fonts(style)
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        fmt.left_indent, fmt.first_line_indent = Cm(indent), Cm(first)
        fmt.line_spacing = 1.0
        style.quick_style = True
    styles["Heading 1"].paragraph_format.keep_with_next = True
    styles["Heading 2"].paragraph_format.keep_with_next = True
    styles["Section Label"].paragraph_format.keep_with_next = True
    styles["Signature"].paragraph_format.keep_with_next = True
    styles["Signature"].paragraph_format.tab_stops.add_tab_stop(Cm(8), WD_TAB_ALIGNMENT.LEFT)
    plain = styles.add_style("Plain Table", WD_STYLE_TYPE.TABLE)
    plain.base_style = styles["Normal Table"]
    strong = styles["Strong"]
    strong.font.bold = True
    document.core_properties.title = "qujat reference styles"
    document.add_paragraph("qujat reference document: edit the styles, not this text.", style="Body Text")
    import io

    buf = io.BytesIO()
    document.save(buf)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(stable_zip(buf.getvalue()))
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
