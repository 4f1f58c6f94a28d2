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
from functools import cache
from itertools import accumulate, chain
from typing import TYPE_CHECKING, Any

from qujat import base32
from qujat.errors import Location, RecordError
from qujat.messages import M_

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

QUIET_ZONE = 4  # modules of white margin the standard asks for
EC_LEVEL = "M"  # 15 % of the code may be damaged
MASK_PATTERN = 0
#: A payload's text form, drawn as its bytes.
_BINARY_TEXT = re.compile(r"QJ2:([A-Z2-7]+)")


@dataclass(frozen=True)
class QrCode:
    """A QR code as its side in modules (quiet zone excluded) and its dark modules merged into
    horizontal runs: ``starts`` (each run's first module, counted row by row over the code
    with its quiet zone, ``side`` = count + 8 modules a row) and ``lengths``."""

    count: int
    starts: tuple[int, ...]
    lengths: tuple[int, ...]

    @property
    def side(self) -> int:
        """Modules a row, the quiet zone on both sides included."""
        return self.count + 2 * QUIET_ZONE

    @property
    def runs(self) -> tuple[tuple[int, int, int], ...]:
        """The runs as ``(row, first column, length)``, rows from the top, quiet zone excluded."""
        side = self.side
        return tuple((start // side - QUIET_ZONE, start % side - QUIET_ZONE, length)
                     for start, length in zip(self.starts, self.lengths))

    def matrix(self) -> list[list[bool]]:
        """Rows of dark (True) and light modules, from the top."""
        rows = [[False] * self.count for _ in range(self.count)]
        for row, start, length in self.runs:
            rows[row][start:start + length] = [True] * length
        return rows

    def operators(self) -> str:
        """The runs as PDF ``re`` operators, one unit a module, rows from the top (y down) over
        the code with its quiet zone: drawn under a transformation that flips y."""
        side = self.side
        places = _places(side)
        return "\n".join(map(" ".join, zip(map(places.__getitem__, self.starts),
                                            map(_RUN_WIDTHS.__getitem__, self.lengths))))


#: ``"<length> 1 re"`` for every run length a row of the largest code (177 modules) can have.
_RUN_WIDTHS = tuple(f"{length} 1 re" for length in range(178))
#: Dark (0) and light (255) modules as two letters ``bytes.split`` tells apart: the runs of one
#: kind are the words of one translation, those of the other kind the words of the other.
_DARK_WORDS = bytes.maketrans(b"\x00\xff", b"x ")
_LIGHT_WORDS = bytes.maketrans(b"\x00\xff", b" x")


@cache
def _places(side: int) -> tuple[str, ...]:
    """``"<column> <row>"`` of every module of a code ``side`` modules a row (made once a size)."""
    return tuple(f"{place % side} {place // side}" for place in range(side * side))


def qr_content(text: str) -> str | bytes:
    """What the code of ``text`` carries: the bytes of a payload's text form, else the text."""
    found = _BINARY_TEXT.fullmatch(text)
    if found:
        return base32.decode(found.group(1))
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
    signature = base32.decode(body)[-64:]
    letters = base64.b32encode(signature[:5]).decode("ascii")[:SEAL_CODE_LETTERS]  # 40 bits: 5 bytes
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
        raise RecordError(M_("the QR code cannot carry this text (%(size)s bytes of UTF-8; a level-%(level)s QR code "
                             "holds at most 2331): %(detail)s", code="qr.too-long", size=size, level=EC_LEVEL,
                             detail=str(exc)), where) from None
    if code.ec_level != EC_LEVEL:  # zxing-cpp ignores keyword options it does not know
        raise RuntimeError(f"zxing-cpp made a QR code of level {code.ec_level!r}, not {EC_LEVEL}")
    # zxing-cpp's Image is a buffer (one byte per module, 0 = dark); its stubs do not say so. With
    # its quiet zones every row begins and ends light, so the runs of the whole buffer are the
    # rows' runs: found by C loops (translate, split, accumulate), no Python code per module or run
    bitmap: Any = code.to_image(scale=1, add_quiet_zones=True)
    image = memoryview(bitmap)
    side = image.shape[0] if image.shape else 0
    data = image.tobytes()
    lengths = tuple(map(len, data.translate(_DARK_WORDS).split()))
    lights = map(len, data.translate(_LIGHT_WORDS).split())  # one more than the dark runs
    starts = tuple(accumulate(chain.from_iterable(zip(lights, lengths))))[0::2]
    if not starts or starts[0] != QUIET_ZONE * (side + 1):  # the top-left finder pattern's corner
        raise RuntimeError(f"zxing-cpp's QR image has no quiet zone of {QUIET_ZONE} modules")
    return QrCode(side - 2 * QUIET_ZONE, starts, lengths)


def qr_matrix(text: str | bytes) -> list[list[bool]]:
    """The QR code of ``text`` (UTF-8) as rows of dark (True) and light modules."""
    return make_qr(text).matrix()


def draw_qr(c: Canvas, code: QrCode | str, x: float, y: float, size: float, colour: str = "#000000") -> None:
    """Draw a QR code (or the code of a text) into the square at (x, y) of side ``size`` points.

    The dark modules of each row are merged into runs and written as one filled path of
    rectangles (``re`` operators, one ``f``) through the canvas's public ``addLiteral``, in a
    coordinate system of one unit per module from the code's top-left corner, quiet zone
    included (whole numbers: short to write and to read).
    """
    from reportlab.lib.colors import HexColor

    if isinstance(code, str):
        code = make_qr(code)
    module = size / code.side
    c.saveState()
    c.setFillColor(HexColor(colour))
    c.transform(module, 0, 0, -module, x, y + size)  # one unit a module, y down from the top
    c.addLiteral(code.operators() + "\nf")
    c.restoreState()
