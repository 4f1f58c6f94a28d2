"""Unpadded RFC 4648 base32 read at C speed (``str.translate`` and ``int``): a signed payload's
text is read back to its bytes for every page's QR code and printed code.

>>> decode("MZXW6YQ")
b'foob'
>>> import base64; decode(base64.b32encode(bytes(range(70))).decode().rstrip("=")) == bytes(range(70))
True
"""
from __future__ import annotations

import re

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
#: RFC 4648's letters as the digits of ``int(..., 32)``
_AS_DIGITS = str.maketrans(ALPHABET, "0123456789ABCDEFGHIJKLMNOPQRSTUV")
_VALID = re.compile(f"[{ALPHABET}]*")


def decode(text: str) -> bytes:
    """The bytes of unpadded base32 ``text`` (upper case); ValueError for any other letter."""
    if not _VALID.fullmatch(text):
        raise ValueError("not base32")
    if not text:
        return b""
    bits = len(text) * 5
    size = bits // 8
    return (int(text.translate(_AS_DIGITS), 32) >> (bits - size * 8)).to_bytes(size, "big")


def letters_of(text: str, start: int, size: int) -> str:
    """The unpadded base32 of the ``size`` bytes from byte ``start`` of what ``text`` (upper-case
    base32, read by :func:`decode`) holds, reading only the letters that hold them.

    >>> import base64, os; data = os.urandom(131)
    >>> letters_of(base64.b32encode(data).decode().rstrip("="), 67, 5) == base64.b32encode(data[67:72]).decode()
    True
    """
    first_bit, end_bit = 8 * start, 8 * (start + size)
    if start < 0 or end_bit > len(text) * 5 // 8 * 8:
        raise ValueError("outside the text's bytes")
    first, end = first_bit // 5, -(-end_bit // 5)  # the letters that hold those bits
    piece = text[first:end]
    if not _VALID.fullmatch(piece):
        raise ValueError("not base32")
    value = (int(piece.translate(_AS_DIGITS), 32) >> (5 * end - end_bit)) & ((1 << (end_bit - first_bit)) - 1)
    count = -(-(end_bit - first_bit) // 5)
    value <<= 5 * count - (end_bit - first_bit)  # padded with zero bits to whole letters, as RFC 4648
    return "".join(ALPHABET[(value >> (5 * (count - 1 - i))) & 31] for i in range(count))
