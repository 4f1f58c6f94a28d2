"""QR codes from reportlab's own encoder, drawn as one filled path (no fonts involved).

Speed matters in batches of thousands: the mask pattern is fixed (any of the eight is valid
and decodes; trying all eight costs eight times as much) and the Reed–Solomon generator
polynomials are computed once per length.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

QUIET_ZONE = 4  # modules of white margin the standard asks for
MASK_PATTERN = 0


def _cache_generator_polynomials() -> None:
    from reportlab.graphics.barcode import qrencoder

    util = qrencoder.QRUtil
    if not hasattr(util.getErrorCorrectPolynomial, "cache_info"):
        util.getErrorCorrectPolynomial = staticmethod(lru_cache(maxsize=None)(util.getErrorCorrectPolynomial))


def qr_matrix(text: str, level: str = "M") -> list[list[bool]]:
    """The QR code of ``text`` (UTF-8) as rows of dark (True) and light modules."""
    from reportlab.graphics.barcode import qrencoder

    _cache_generator_polynomials()
    code = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, level))
    code.addData(text)
    code.version = code.calculate_version()
    code.makeImpl(False, MASK_PATTERN)
    count = code.getModuleCount()
    modules = code.modules
    return [[bool(modules[row][col]) for col in range(count)] for row in range(count)]


def draw_qr(c: Any, text: str, x: float, y: float, size: float, colour: str = "#000000") -> None:
    """Draw a QR code carrying ``text`` into the square at (x, y) of side ``size`` points.

    The dark modules of each row are merged into runs and written as one filled path of
    rectangles, straight into the content stream.
    """
    from reportlab.lib.colors import HexColor

    matrix = qr_matrix(text)
    count = len(matrix) + 2 * QUIET_ZONE
    module = size / count
    ops = []
    for r, row in enumerate(matrix):
        bottom = y + size - (r + QUIET_ZONE + 1) * module
        col, width = 0, len(row)
        while col < width:
            if row[col]:
                start = col
                while col < width and row[col]:
                    col += 1
                ops.append(f"{x + (start + QUIET_ZONE) * module:.3f} {bottom:.3f} "
                           f"{(col - start) * module:.3f} {module:.3f} re")
            col += 1
    c.saveState()
    c.setFillColor(HexColor(colour))
    c.addLiteral("\n".join(ops) + "\nf")
    c.restoreState()
