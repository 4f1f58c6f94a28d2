"""QR codes from zxing-cpp: the modules decode back to the text; too much text is a clear error."""
from __future__ import annotations

import io
from typing import Any

import pytest

from qujat import RecordError, TemplateError
from qujat.certificates.qr import QUIET_ZONE, draw_qr, make_qr, qr_matrix

KAZAKH = "Әсел Нұрланқызы Жақсыбекова — әғқңөұүһі ӘҒҚҢӨҰҮҺІ, Федерация профсоюзов"


def _read(matrix: list[list[bool]], scale: int = 4) -> list[Any]:
    """The barcodes zxing-cpp finds in an image of ``matrix`` (with its quiet zone)."""
    import zxingcpp
    from PIL import Image

    count = len(matrix) + 2 * QUIET_ZONE
    image = Image.new("L", (count, count), 255)
    image.putdata([0 if 0 <= r - QUIET_ZONE < len(matrix) and 0 <= c - QUIET_ZONE < len(matrix)
                   and matrix[r - QUIET_ZONE][c - QUIET_ZONE] else 255
                   for r in range(count) for c in range(count)])
    return zxingcpp.read_barcodes(image.resize((count * scale, count * scale), Image.Resampling.NEAREST))


@pytest.mark.parametrize("text", ["FTU RK jubilee-medal A20-0777 2018-07-04", KAZAKH,
                                  ("Қазақстан Республикасы Кәсіподақтары Федерациясы 0123456789 " * 6)[:300]],
                         ids=["ascii", "kazakh", "300-characters"])
def test_matrix_decodes_back_to_the_text(text: str) -> None:
    found = _read(qr_matrix(text))
    assert [b.text for b in found] == [text]
    assert found[0].ec_level == "M"


def test_mask_pattern_is_fixed() -> None:
    # a fixed mask is what makes the encoder fast; zxing-cpp ignores an option it does not know
    found = _read(qr_matrix("ҚРКФ federation-badge FB-0001 2021-05-06"))
    assert found[0].extra.get("DataMask") == 0


def test_same_text_same_modules() -> None:
    assert make_qr(KAZAKH) == make_qr(KAZAKH)


def test_too_long_text_is_a_clear_error() -> None:
    with pytest.raises((RecordError, TemplateError), match="QR code cannot carry this text"):
        make_qr("қ" * 1500)


def test_drawn_as_one_filled_path() -> None:
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, pageCompression=0)
    code = make_qr("A20-0001")
    draw_qr(c, code, 10, 20, 72)
    c.showPage()
    c.save()
    pdf = buf.getvalue().decode("latin-1")
    assert pdf.count(" re") == len(code.runs) and pdf.count("\nf\n") == 1
