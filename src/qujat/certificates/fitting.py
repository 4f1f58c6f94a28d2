"""Fitting a text into its box: shrink to a minimum size, then wrap onto more lines."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class FittedText:
    """Lines to draw, the size they fit at, and each line's width at that size (points)."""

    lines: tuple[str, ...]
    size: float
    widths: tuple[float, ...] = ()


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


@functools.lru_cache(maxsize=256)
def _candidates(size: float, smallest: float, step: float, height: float, leading: float,
                line_count: int) -> tuple[float, ...]:
    """The sizes from ``size`` down to ``smallest`` at which ``line_count`` lines fit the box's
    height (one line may be as tall as the box): the same few for every text of an element, so
    they are listed once."""
    return tuple(candidate for candidate in _sizes(size, smallest, step)
                 if not (line_count * candidate * leading > height + 1e-6
                         and not (line_count == 1 and candidate <= height)))


_Tried = tuple[list[str], list[float], bool]


def _fits(text: str, font: str, size: float, width: float, line_count: int) -> _Tried:
    """``text`` wrapped at ``size``, its lines' widths, and whether it takes at most
    ``line_count`` lines, each no wider than ``width``."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines = wrap(text, font, size, width)
    if len(lines) > line_count:
        return lines, [], False
    widths = [stringWidth(line, font, size) for line in lines]
    return lines, widths, all(w <= width + 1e-6 for w in widths)


class _Attempts:
    """``text`` tried at some of ``sizes`` on at most ``line_count`` lines, each try kept."""

    def __init__(self, text: str, joined: str, font: str, width: float, line_count: int,
                 sizes: list[float]) -> None:
        self.text, self.joined, self.font, self.width = text, joined, font, width
        self.line_count, self.sizes = line_count, sizes
        self.one_paragraph = line_count == 1 and "\n" not in text
        self.tried: dict[int, _Tried] = {}

    def fits(self, i: int) -> bool:
        """Whether the text fits at ``sizes[i]``."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        if i not in self.tried:
            size = self.sizes[i]
            # one line no wider than the box is what wrap() gives, without wrapping
            one = stringWidth(self.joined, self.font, size) if self.one_paragraph else self.width + 1
            self.tried[i] = ([self.joined], [one], True) if one <= self.width else \
                _fits(self.text, self.font, size, self.width, self.line_count)
        return self.tried[i][2]


def fit_text(text: str, font: str, size: float, min_size: float, width: float, height: float,
             max_lines: int = 1, leading: float = 1.2, step: float = 0.5,
             wrap_min_size: float | None = None) -> FittedText | None:
    """The largest size from ``size`` down to ``min_size`` at which ``text`` fits the box.

    One line is tried at every size first; only then two lines, and so on up to ``max_lines``,
    wrapped lines going down to ``wrap_min_size`` (default ``min_size``). Returns ``None``
    when the text does not fit even then.

    The sizes are every ``step`` from the largest down, and the answer is the first of them
    that fits, but not every one is tried: a text that fits at one size fits at every smaller
    one (widths grow with the size, and a greedy wrap takes no more lines in a wider box), so
    the first that fits is found by bisection, started where the text's width at the largest
    size (width is linear in size) puts it; a text that fits on one line at the largest size
    is measured once.
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth

    joined = " ".join(text.split())
    for line_count in range(1, max_lines + 1):
        smallest = min_size if line_count == 1 else (wrap_min_size or min_size)
        sizes = list(_candidates(size, smallest, step, height, leading, line_count))
        if not sizes:
            continue
        attempt = _Attempts(text, joined, font, width, line_count, sizes)
        guess = 0
        if attempt.one_paragraph:  # most texts fit on one line at the largest size: one measure
            widest = stringWidth(joined, font, sizes[0])
            if widest <= width:
                return FittedText((joined,), sizes[0], (widest,))
            attempt.tried[0] = ([joined], [widest], False)
            # else start at the size at which it is as wide as the box (width is linear in size)
            largest = width * sizes[0] / widest
            guess = next((i for i, candidate in enumerate(sizes) if candidate <= largest), len(sizes) - 1)
        elif line_count == 1:
            unit = stringWidth(joined, font, 1.0)
            largest = width / unit if unit else sizes[0]
            guess = next((i for i, candidate in enumerate(sizes) if candidate <= largest), len(sizes) - 1)
        if attempt.fits(guess):
            while guess > 0 and attempt.fits(guess - 1):
                guess -= 1
            found = guess
        else:  # the first that fits lies below the guess, if any does
            low, high = guess + 1, len(sizes)
            while low < high:
                middle = (low + high) // 2
                if attempt.fits(middle):
                    high = middle
                else:
                    low = middle + 1
            if low == len(sizes):
                continue
            found = low
        lines, widths, _ = attempt.tried[found]
        return FittedText(tuple(lines), sizes[found], tuple(widths))
    return None
