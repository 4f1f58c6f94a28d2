"""RFC 9285 base45: bytes as the 45 characters of a QR code's alphanumeric mode (digits, capital
letters, space and ``$%*+-./:``), 5.5 bits a character, three characters for two bytes: 8.25 bits
a byte against 8 in byte mode, and text every phone shows as it is (the EU Digital COVID
Certificate's ``HC1:`` codes are written so).

>>> encode(b"AB"), encode(b"Hello!!")
('BB8', '%69 VD92EX0')
>>> decode("%69 VD92EX0")
b'Hello!!'
"""
from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_VALUE = {char: value for value, char in enumerate(ALPHABET)}


def encode(data: bytes) -> str:
    """``data`` as base45 text."""
    out: list[str] = []
    for i in range(0, len(data) - 1, 2):
        number = data[i] << 8 | data[i + 1]
        out += (ALPHABET[number % 45], ALPHABET[number // 45 % 45], ALPHABET[number // 2025])
    if len(data) % 2:
        out += (ALPHABET[data[-1] % 45], ALPHABET[data[-1] // 45])
    return "".join(out)


def decode(text: str) -> bytes:
    """The bytes of base45 ``text``; ValueError for a character outside the alphabet, a length
    that no bytes have (one more than a multiple of three) or a group above its bytes' range."""
    if len(text) % 3 == 1:
        raise ValueError("not base45: a length no bytes have")
    try:
        values = [_VALUE[char] for char in text]
    except KeyError:
        raise ValueError("not base45: a character outside its alphabet") from None
    out = bytearray()
    for i in range(0, len(values), 3):
        group = values[i:i + 3]
        number = sum(value * 45 ** place for place, value in enumerate(group))
        size = 2 if len(group) == 3 else 1
        if number >= 1 << (8 * size):
            raise ValueError("not base45: a group above its bytes' range")
        out += number.to_bytes(size, "big")
    return bytes(out)
