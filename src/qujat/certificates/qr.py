"""QR codes from zxing-cpp, drawn as one filled path of merged runs (no fonts involved).

Why zxing-cpp and not segno (both maintained; measured on this machine for a 121-character
certificate text with Kazakh and Russian letters, 178 bytes of UTF-8, level M, version 9):

==========================================  ===========  ==========
per code                                      zxing-cpp    segno
==========================================  ===========  ==========
encode, best mask chosen (the default)         ~500 µs     ~10 ms
encode, mask pattern fixed                      ~70 µs      ~3 ms
matrix out (``to_image`` / ``.matrix``)         ~12 µs      (in the above)
==========================================  ===========  ==========

(reportlab's own pure-Python encoder, sped up by monkey-patching, took ~1.4-1.8 ms.) zxing-cpp
is a C++ library whose encoder (zint) is 40 times faster than segno's pure Python here, and the
tests already decode with it, so one dependency does both.

A signed payload's text form (``QJ2:`` and base32, see :mod:`qujat.registry.signing`) is
drawn as the raw bytes it stands for, in byte mode: 8 bits a byte against 8.8 for its base32
letters in alphanumeric mode, so the code is a version (four modules a side) smaller.

The mask pattern is fixed (``data_mask=0``): any of the eight is valid and decodes; trying
all eight for the one with the lowest penalty costs seven times as much. The text is encoded
as UTF-8 in byte mode without an ECI header, as before. The same text always gives the same
modules, so the PDF stays reproducible.
"""
from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from qujat.errors import Location, RecordError

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

QUIET_ZONE = 4  # modules of white margin the standard asks for
EC_LEVEL = "M"  # 15 % of the code may be damaged
MASK_PATTERN = 0
_DARK_RUN = re.compile(rb"\x00+")  # dark modules are 0 (black) in zxing-cpp's image
#: A payload's text form, drawn as its bytes.
_BINARY_TEXT = re.compile(r"QJ2:([A-Z2-7]+)")


@dataclass(frozen=True)
class QrCode:
    """A QR code as its side in modules (quiet zone excluded) and its dark modules merged into
    horizontal runs: ``(row, first column, length)``, rows from the top."""

    count: int
    runs: tuple[tuple[int, int, int], ...]

    def matrix(self) -> list[list[bool]]:
        """Rows of dark (True) and light modules, from the top."""
        rows = [[False] * self.count for _ in range(self.count)]
        for row, start, length in self.runs:
            rows[row][start:start + length] = [True] * length
        return rows


def qr_content(text: str) -> str | bytes:
    """What the code of ``text`` carries: the bytes of a payload's text form, else the text."""
    found = _BINARY_TEXT.fullmatch(text)
    if found:
        return base64.b32decode(found.group(1) + "=" * (-len(found.group(1)) % 8))
    return text


#: Letters of the signature printed under the QR code (40 bits: a forger cannot guess them).
SEAL_CODE_LETTERS = 8


def seal_code(seal: str) -> str:
    """The short code printed under a signed certificate's QR code: the first letters of the
    base32 of its signature, in two groups («K7QF-M2XA»); empty for a code that is not a
    signed payload (a draft's)."""
    found = re.search(r"QJ[12]:([A-Z2-7]{120,})", seal)
    if not found:
        return ""
    body = found.group(1)
    raw = base64.b32decode(body + "=" * (-len(body) % 8))
    letters = base64.b32encode(raw[-64:]).decode("ascii")[:SEAL_CODE_LETTERS]
    return f"{letters[:4]}-{letters[4:]}"


def make_qr(text: str | bytes, where: Location | None = None) -> QrCode:
    """The QR code (level M) of ``text`` (UTF-8; bytes as they are, in byte mode; a payload's
    text form as its bytes); a :class:`RecordError` when it cannot be made, for instance when
    the text is longer than a QR code holds."""
    import zxingcpp

    content = qr_content(text) if isinstance(text, str) else text
    try:
        code = zxingcpp.create_barcode(content, zxingcpp.BarcodeFormat.QRCode, ec_level=EC_LEVEL,
                                       data_mask=MASK_PATTERN)
    except ValueError as exc:  # zxing-cpp reports a too-long text (and any other refusal) so
        size = len(content.encode("utf-8") if isinstance(content, str) else content)
        raise RecordError(f"the QR code cannot carry this text ({size} bytes of UTF-8; a level-{EC_LEVEL} "
                          f"QR code holds at most 2331): {exc}", where) from None
    if code.ec_level != EC_LEVEL:  # zxing-cpp ignores keyword options it does not know
        raise RuntimeError(f"zxing-cpp made a QR code of level {code.ec_level!r}, not {EC_LEVEL}")
    # zxing-cpp's Image is a buffer (one byte per module, 0 = dark); its stubs do not say so
    bitmap: Any = code.to_image(scale=1, add_quiet_zones=False)
    image = memoryview(bitmap)
    count = image.shape[0] if image.shape else 0
    data = image.tobytes()
    runs: list[tuple[int, int, int]] = []
    for row in range(count):
        base = row * count
        for run in _DARK_RUN.finditer(data, base, base + count):
            runs.append((row, run.start() - base, run.end() - run.start()))
    return QrCode(count, tuple(runs))


def qr_matrix(text: str | bytes) -> list[list[bool]]:
    """The QR code of ``text`` (UTF-8) as rows of dark (True) and light modules."""
    return make_qr(text).matrix()


def draw_qr(c: Canvas, code: QrCode | str, x: float, y: float, size: float, colour: str = "#000000") -> None:
    """Draw a QR code (or the code of a text) into the square at (x, y) of side ``size`` points.

    The dark modules of each row are merged into runs and written as one filled path of
    rectangles (``re`` operators, one ``f``) through the canvas's public ``addLiteral``, in a
    coordinate system of one unit per module (whole numbers: short to write and to read).
    """
    from reportlab.lib.colors import HexColor

    if isinstance(code, str):
        code = make_qr(code)
    module = size / (code.count + 2 * QUIET_ZONE)
    top = code.count - 1
    c.saveState()
    c.setFillColor(HexColor(colour))
    c.translate(x + QUIET_ZONE * module, y + QUIET_ZONE * module)
    c.scale(module, module)
    c.addLiteral("\n".join([f"{start} {top - row} {length} 1 re" for row, start, length in code.runs]) + "\nf")
    c.restoreState()
