"""QR codes from zxing-cpp, drawn as one 1-bit image mask (no fonts involved).

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
drawn as the code's own text of it, ``QJ3:`` and the base45 of its bytes, in alphanumeric mode:
8.25 bits a byte against 8 for the raw bytes in byte mode and 8.8 for the base32 letters, so the
code is the raw bytes' version for names up to about 60 letters (a long double name: one up).
A phone's camera shows that text as it is (as it shows the EU Digital COVID Certificate's
``HC1:`` codes); the raw bytes drawn before (still read: certificates issued with them verify)
showed as mojibake, the holder's name garbled among them («Æàñûáåêîâà»).

The mask pattern is fixed (``data_mask=0``): any of the eight is valid and decodes; trying
all eight for the one with the lowest penalty costs seven times as much. Any other text (a
verification URL, a draft's) is encoded as UTF-8 in byte mode without an ECI header, as before.
The same text always gives the same modules, so the PDF stays reproducible.

The modules go into the page as an inline image mask of one bit a module (``BI … ID … EI``,
its samples in hexadecimal), painted in the text colour and scaled to the code's square. For a
signed certificate's code (49 modules a side) that is about 700 characters of operators
against 8,000 for a path of rectangles, one row run each: measured on this machine, 90 µs a
code to make and 10 µs to compress, against 400 µs and 100 µs. Viewers and printers draw an
image mask without smoothing (no ``/Interpolate``): rendered by pdfium (Chrome) and poppler at
300 dpi, its edges have no grey pixel, where the rectangles' edges are anti-aliased.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from qujat import base32, base45
from qujat.errors import Location, RecordError
from qujat.messages import M_

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

QUIET_ZONE = 4  # modules of white margin the standard asks for
EC_LEVEL = "M"  # 15 % of the code may be damaged
MASK_PATTERN = 0
#: A payload's text form, drawn as the code's own text of it.
_BINARY_TEXT = re.compile(r"QJ2:([A-Z2-7]+)")
#: The code's own text of a payload: its bytes in base45 (the alphanumeric mode's characters).
QR_TEXT_PREFIX = "QJ3:"
_QR_TEXT = re.compile(r"QJ3:([0-9A-Z $%*+\-./:]+)", re.IGNORECASE)


@dataclass(frozen=True)
class QrCode:
    """A QR code as its side in modules (quiet zone excluded) and its modules packed one bit a
    module, row by row from the top, each row padded to whole bytes: 0 a dark module, 1 a
    light one (an image mask's samples: 0 paints)."""

    count: int
    bits: bytes

    @property
    def side(self) -> int:
        """Modules a row, the quiet zone on both sides included."""
        return self.count + 2 * QUIET_ZONE

    def matrix(self) -> list[list[bool]]:
        """Rows of dark (True) and light modules, from the top."""
        width = (self.count + 7) // 8
        rows = []
        for row in range(self.count):
            value = int.from_bytes(self.bits[row * width:(row + 1) * width], "big")
            rows.append([not (value >> (8 * width - 1 - column)) & 1 for column in range(self.count)])
        return rows

    def operators(self) -> str:
        """The modules as an inline image mask over the unit square (its samples in hexadecimal:
        text, whatever the bytes): drawn under a transformation that maps the unit square onto
        the code without its quiet zone."""
        return (f"BI /W {self.count} /H {self.count} /IM true /BPC 1 /F /AHx ID\n"
                f"{self.bits.hex()}>\nEI")


#: Dark (0) and light (255) modules as the digits of a binary number (dark 0, light 1).
_BINARY_DIGITS = bytes.maketrans(b"\x00\xff", b"01")


def qr_content(text: str) -> str:
    """What the code of ``text`` carries: a payload's text form as the code's own text of it
    (``QJ3:`` and base45), else the text.

    >>> qr_content("QJ2:MZXW6YQ")
    'QJ3:X.CT3E'
    """
    found = _BINARY_TEXT.fullmatch(text)
    if found:
        return QR_TEXT_PREFIX + base45.encode(base32.decode(found.group(1)))
    return text


def qr_text_bytes(text: str) -> bytes | None:
    """The payload bytes the code's own text of a payload stands for (``QJ3:`` and base45, a
    code's whole text, spaces at its ends aside); None for any other text; ValueError when it is
    damaged (typed by hand). Letters typed in lower case are the capitals: base45 has no others.

    >>> qr_text_bytes("QJ3:X.CT3E"), qr_text_bytes("qj3:x.ct3e"), qr_text_bytes("https://verify.example/?c=QJ2:MZXW6YQ")
    (b'foob', b'foob', None)
    """
    found = _QR_TEXT.fullmatch(text.strip())
    return base45.decode(found.group(1).upper()) if found else None


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
    signature = len(body) * 5 // 8 - 64  # where the signature, the payload's last 64 bytes, starts
    letters = base32.letters_of(body, signature, 5)[:SEAL_CODE_LETTERS]  # 40 bits: 5 bytes
    return f"{letters[:4]}-{letters[4:]}"


def make_qr(text: str | bytes, where: Location | None = None) -> QrCode:
    """The QR code (level M) of ``text`` (UTF-8; bytes as they are, in byte mode; a payload's
    text form as the code's own text of it, :func:`qr_content`); a :class:`RecordError` when it
    cannot be made, for instance when the text is longer than a QR code holds."""
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
    # zxing-cpp's Image is a buffer (one byte per module, 0 = dark); its stubs do not say so. The
    # modules become binary digits (translate), each row padded to whole bytes with light ones,
    # and one int packs them all: C loops, no Python code per module or row
    bitmap: Any = code.to_image(scale=1, add_quiet_zones=False)
    image = memoryview(bitmap)
    count = image.shape[0] if image.shape else 0
    if count < 21 or image.shape != (count, count):  # version 1 is 21 modules a side
        raise RuntimeError(f"zxing-cpp's QR image is not a square code: {image.shape}")
    digits = image.tobytes().translate(_BINARY_DIGITS)
    padding, width = b"1" * (-count % 8), (count + 7) // 8
    rows = padding.join([digits[start:start + count] for start in range(0, count * count, count)]) + padding
    return QrCode(count, int(rows, 2).to_bytes(width * count, "big"))


def qr_matrix(text: str | bytes) -> list[list[bool]]:
    """The QR code of ``text`` (UTF-8) as rows of dark (True) and light modules."""
    return make_qr(text).matrix()


def draw_qr(c: Canvas, code: QrCode | str, x: float, y: float, size: float, colour: str = "#000000") -> None:
    """Draw a QR code (or the code of a text) into the square at (x, y) of side ``size`` points,
    its quiet zone inside the square: one inline image mask in ``colour`` through the canvas's
    public ``addLiteral``."""
    from reportlab.lib.colors import HexColor

    if isinstance(code, str):
        code = make_qr(code)
    module = size / code.side
    c.saveState()
    c.setFillColor(HexColor(colour))
    # the unit square onto the modules: the image's first row is its top
    c.transform(code.count * module, 0, 0, code.count * module, x + QUIET_ZONE * module, y + QUIET_ZONE * module)
    c.addLiteral(code.operators())
    c.restoreState()
