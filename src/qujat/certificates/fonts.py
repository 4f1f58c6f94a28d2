"""Fonts for certificates: PT Serif (full Kazakh Cyrillic), registered once, embedded as subsets."""
from __future__ import annotations

from functools import cache
from pathlib import Path

from qujat.certificates.reportlab_adapter import register_font_object, subset_memo_font
from qujat.errors import Location, RecordError, TemplateError
from qujat.messages import M_

#: Font names usable in award definitions -> file in the fontpkg-pt-serif package.
FONT_FILES = {
    "PT Serif": "PT_Serif-Web-Regular.ttf",
    "PT Serif Bold": "PT_Serif-Web-Bold.ttf",
    "PT Serif Italic": "PT_Serif-Web-Italic.ttf",
    "PT Serif Bold Italic": "PT_Serif-Web-BoldItalic.ttf",
}


def font_folder() -> Path:
    """Where the PT Serif TTF files are installed."""
    from importlib.util import find_spec

    spec = find_spec("fontpkg_pt_serif")
    if spec is None or not spec.origin:
        raise TemplateError(M_("the PT Serif fonts are missing: pip install fontpkg-pt-serif", code="font.missing"))
    return Path(spec.origin).resolve().parent / "files"


@cache
def register_font(name: str) -> str:
    """Register ``name`` with reportlab (once) and return the name to draw with."""
    if name not in FONT_FILES:
        raise TemplateError(M_("unknown font '%(font)s'; fonts: %(fonts)s", code="font.unknown", font=name,
                               fonts=", ".join(FONT_FILES)))

    register_font_object(subset_memo_font(name, str(font_folder() / FONT_FILES[name])))
    return name


@cache
def _coverage(name: str) -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    register_font(name)
    font = pdfmetrics.getFont(name)
    assert isinstance(font, TTFont)
    return frozenset(font.face.charToGlyph)


def check_coverage(name: str, text: str, where: Location) -> None:
    """Raise a clear error naming the character and the field if ``name`` lacks a glyph for it."""
    covered = _coverage(name)
    if covered.issuperset(map(ord, text.replace("\n", "").replace("\t", ""))):  # at C speed: nearly every text
        return
    for char in text:
        if ord(char) not in covered and char not in "\n\t":
            raise RecordError(M_("the character '%(char)s' (U+%(point)s) is not in the font %(font)s; retype "
                                 "it or use a letter the font has", code="font.no-character", char=char,
                                 point=f"{ord(char):04X}", font=name), where)
