"""QR codes from reportlab's own encoder, drawn as one filled path (no fonts involved).

Speed matters in batches of thousands: the mask pattern is fixed (any of the eight is valid
and decodes; trying all eight costs eight times as much) and the encoder's slowest steps are
replaced by equivalent faster ones (see :func:`_speed_up_encoder`).
"""
from __future__ import annotations

from itertools import zip_longest
from typing import Any

QUIET_ZONE = 4  # modules of white margin the standard asks for
MASK_PATTERN = 0


def _speed_up_encoder() -> None:
    """Make reportlab's pure-Python QR encoder fast enough for thousands of codes, giving the
    same modules: the error-correction codewords through a shift register over log/antilog
    tables (instead of polynomial objects), the data positions cached per version, and the
    bits placed in one pass."""
    from reportlab.graphics.barcode import qrencoder

    code = qrencoder.QRCode
    if getattr(code, "_qujat_fast", False):
        return
    exp, log = qrencoder.EXP_TABLE, qrencoder.LOG_TABLE
    generators: dict[int, list[int]] = {}
    positions: dict[int, list[tuple[int, int]]] = {}

    def generator(ec_count: int) -> list[int]:
        if ec_count not in generators:
            poly = qrencoder.QRUtil.getErrorCorrectPolynomial(ec_count)
            generators[ec_count] = [log[poly.get(i)] if poly.get(i) else -1 for i in range(1, ec_count + 1)]
        return generators[ec_count]

    def remainder(data: list[int], ec_count: int) -> list[int]:
        gen = generator(ec_count)
        rest = [0] * ec_count
        for byte in data:
            factor = byte ^ rest[0]
            rest = rest[1:] + [0]
            if factor:
                lf = log[factor]
                for i, lg in enumerate(gen):
                    if lg >= 0:
                        rest[i] ^= exp[(lg + lf) % 255]
        return rest

    def create_bytes(buffer: Any, rs_blocks: Any) -> list[int]:
        offset, dc_data, ec_data = 0, [], []
        for block in rs_blocks:
            dc_count = block.dataCount
            dc_data.append(buffer.buffer[offset:offset + dc_count])
            offset += dc_count
            ec_data.append(remainder(dc_data[-1], block.totalCount - dc_count))
        return [d for group in (dc_data, ec_data) for column in zip_longest(*group) for d in column if d is not None]

    original_positions = code._dataPosIterator

    def data_positions(self: Any) -> list[tuple[int, int]]:
        if self.version not in positions:
            positions[self.version] = list(original_positions(self))
        return positions[self.version]

    def map_data(self: Any, data: list[int], mask_pattern: int) -> None:
        mask = qrencoder.QRUtil.getMask(mask_pattern)
        bits = [(byte >> shift) & 1 for byte in data for shift in range(7, -1, -1)]
        modules, count = self.modules, len(bits)
        for i, (col, row) in enumerate(data_positions(self)):
            modules[row][col] = bool(i < count and bits[i]) ^ mask(row, col)

    code.createBytes = staticmethod(create_bytes)
    code.dataPosIterator = data_positions
    code.mapData = map_data
    code._qujat_fast = True


def qr_matrix(text: str, level: str = "M") -> list[list[bool]]:
    """The QR code of ``text`` (UTF-8) as rows of dark (True) and light modules."""
    from reportlab.graphics.barcode import qrencoder

    _speed_up_encoder()
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
