"""Fitting a text into its box gives the size an exhaustive search gives: the largest of the
sizes, every 0.5 pt from the largest down, at which it fits on one line, else on two, and so on."""
from __future__ import annotations

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from qujat.certificates.fitting import FittedText, fit_text, wrap
from qujat.certificates.fonts import register_font

MM = 72 / 25.4
TEXTS = [
    "",
    "№ FB-00123",
    "K7QF-M2XA",
    "Әбдірайымова Сәуле Қайратқызы",
    "Иванов Иван Иванович 10234",
    "Әбдірайымова-Сермағамбетова Гүлнәр Жұмабайқызы",
    "Бастауыш кәсіподақ ұйымының төрағасы, «Қазақстан темір жолы» ұлттық компаниясы & <Ко>",
    "Қ" * 60,
    "Two\nparagraphs of a text",
    " ".join(["Абай Құнанбайұлы"] * 9),
    "Nurlan Abdikarimov",
]
#: (size, min_size, width mm, height mm, max_lines, leading, wrap_min_size) of some elements
BOXES = [
    (30, 18, 172, 26, 2, 1.1, 12),  # a name
    (12, 12, 95, 7, 1, 1.2, None),  # a number
    (8, 7, 36, 5, 1, 1.2, None),  # a seal code
    (13, 11, 172, 17, 3, 1.15, None),  # a post and organisation
]


def exhaustive(text: str, font: str, size: float, min_size: float, width: float, height: float,
               max_lines: int, leading: float, wrap_min_size: float | None) -> FittedText | None:
    """Every size tried, from the largest down, one line before two."""
    for line_count in range(1, max_lines + 1):
        smallest = min_size if line_count == 1 else (wrap_min_size or min_size)
        current = size
        while current >= smallest - 1e-9:
            candidate = round(current, 2)
            current -= 0.5
            if line_count * candidate * leading > height + 1e-6 and not (line_count == 1 and candidate <= height):
                continue
            if line_count == 1 and "\n" not in text:
                lines = [" ".join(text.split())]
            else:
                lines = wrap(text, font, candidate, width)
            widths = [stringWidth(line, font, candidate) for line in lines]
            if len(lines) <= line_count and all(w <= width + 1e-6 for w in widths):
                return FittedText(tuple(lines), candidate, tuple(widths))
    return None


@pytest.mark.parametrize("box", BOXES)
@pytest.mark.parametrize("font", ["PT Serif", "PT Serif Bold"])
def test_the_size_found_is_the_largest_that_fits(font, box):
    register_font(font)
    size, min_size, width_mm, height_mm, max_lines, leading, wrap_min_size = box
    for text in TEXTS:
        for scale in (0.3, 0.6, 1.0, 1.7):  # the same text in narrower and wider boxes
            width = width_mm * MM * scale
            expected = exhaustive(text, font, size, min_size, width, height_mm * MM, max_lines, leading,
                                  wrap_min_size)
            found = fit_text(text, font, size, min_size, width, height_mm * MM, max_lines, leading,
                             wrap_min_size=wrap_min_size)
            assert found == expected, (text, scale)


def test_a_text_that_fits_at_its_largest_size_keeps_its_width_at_that_size():
    register_font("PT Serif Bold")
    found = fit_text("№ FB-00123", "PT Serif Bold", 12, 12, 95 * MM, 7 * MM)
    assert found == FittedText(("№ FB-00123",), 12, (stringWidth("№ FB-00123", "PT Serif Bold", 12),))
