"""Fitting a text into its box: shrink to a minimum size, then wrap onto more lines."""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class FittedText:
    """Lines to draw and the size they fit at."""

    lines: tuple[str, ...]
    size: float


_PIECE = re.compile(r"\S+?-(?=\S)|\S+")


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap of ``text`` at ``size`` into lines no wider than ``width`` points.

    Lines break at spaces and after the hyphen of a double name (Әбдірайымова-Сермағамбетова).
    A piece wider than the line is kept whole (the caller finds that it does not fit).
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            for i, piece in enumerate(_PIECE.findall(word)):
                candidate = current + piece if i else (f"{current} {piece}" if current else piece)
                if current and stringWidth(candidate, font, size) > width:
                    lines.append(current)
                    current = piece
                else:
                    current = candidate
        lines.append(current)
    return lines


def _sizes(largest: float, smallest: float, step: float) -> list[float]:
    sizes, current = [], largest
    while current >= smallest - 1e-9:
        sizes.append(round(current, 2))
        current -= step
    return sizes


def fit_text(text: str, font: str, size: float, min_size: float, width: float, height: float,
             max_lines: int = 1, leading: float = 1.2, step: float = 0.5,
             wrap_min_size: float | None = None) -> FittedText | None:
    """The largest size from ``size`` down to ``min_size`` at which ``text`` fits the box.

    One line is tried at every size first; only then two lines, and so on up to ``max_lines``,
    wrapped lines going down to ``wrap_min_size`` (default ``min_size``). Returns ``None``
    when the text does not fit even then.
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for line_count in range(1, max_lines + 1):
        smallest = min_size if line_count == 1 else (wrap_min_size or min_size)
        for candidate in _sizes(size, smallest, step):
            if line_count * candidate * leading > height + 1e-6 and not (line_count == 1 and candidate <= height):
                continue
            lines = wrap(text, font, candidate, width)
            if len(lines) <= line_count and all(stringWidth(line, font, candidate) <= width + 1e-6 for line in lines):
                return FittedText(tuple(lines), candidate)
    return None
