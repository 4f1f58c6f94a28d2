"""Signed certificate payloads: what the QR code carries, checked offline with a public key.

As in the EU Digital COVID Certificate and pretix's offline tickets, the code holds the facts
themselves (number, award, date, the name as printed) and an Ed25519 signature over them, so
that a verifier needs only the issuer's public key.

Format 2 (issued now) is compact raw bytes, drawn in the QR code's byte mode::

    "Q" | 0x20 + flags | key id (3) | date (2: days from 2000-01-01) | [copy (1)]
    | len + number | len + award | name (KZ-1048, one byte a letter; else UTF-8) | signature (64)

The key id is the first three bytes of the SHA-256 of the issuer's raw public key: it says
which office's key to check with. ``copy`` is 0 for the original and n for the n-th duplicate.
Written as text (in the registry, on a command line, after a verification URL) a payload is
``QJ2:`` and the base32 of those bytes; in a QR code of its own (no verification URL) it is
``QJ3:`` and their base45, in the code's alphanumeric mode (text a phone shows as it is; see
:mod:`qujat.certificates.qr`), and codes of the raw bytes themselves, drawn before, are read
too. Format 1 (``QJ1:`` + base32 of the four facts joined
by U+001F and the signature; no issuer) is still read, for certificates issued before.

>>> key = new_private_key()
>>> text = sign_payload(key, Seal("A20-0007", "jubilee-medal", "2018-07-04", "Бекбас О.Т."))
>>> open_payload(text, public_key_pem(key)).seal.number
'A20-0007'
>>> len(payload_bytes(text))  # the bytes the QR code carries (as 158 base45 letters)
105
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from qujat import base32
from qujat.certificates.qr import qr_text_bytes
from qujat.errors import Location, QujatError
from qujat.messages import M_

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

#: The text form's start for each format; the version lets a later format be told apart.
PREFIX = "QJ2:"
PREFIX_V1 = "QJ1:"
PAYLOAD_PATTERN = re.compile(r"(QJ[12]):([A-Z2-7]{16,})", re.IGNORECASE)
#: The first byte of a format-2 payload; the second is 0x20 (the format, 2, in its high half)
#: plus the flags, so that no text (``QJ1:``, a URL) reads as one.
MAGIC = b"Q"
VERSION_BITS = 0x20
SEPARATOR = "\x1f"
SIGNATURE_BYTES = 64
KEY_ID_BYTES = 3
EPOCH = dt.date(2000, 1, 1)
_FLAG_UTF8, _FLAG_COPY = 0x01, 0x02
#: One byte a letter for Kazakh and Russian Cyrillic, Latin and punctuation.
NAME_CODEC = "kz1048"
#: A private key (PEM file) to sign with, instead of the one beside the registry.
KEY_VARIABLE = "QUJAT_SIGNING_KEY"


@dataclass(frozen=True)
class Seal:
    """What a certificate's signature vouches for."""

    number: str
    award: str
    date: str
    name: str
    #: 0 for the original, n for the n-th duplicate (format 2 only)
    copy: int = 0

    def message(self) -> bytes:
        """The signed bytes of a format-1 payload."""
        return SEPARATOR.join((self.number, self.award, self.date, self.name)).encode("utf-8")


@dataclass(frozen=True)
class Opened:
    """A payload read back: the facts, and whether the signature is the key's."""

    seal: Seal
    signature_ok: bool


@dataclass(frozen=True)
class Decoded:
    """A payload taken apart: its facts, the signed bytes, the signature, the issuer's key id
    (None in format 1, which names no issuer) and the format."""

    seal: Seal
    message: bytes
    signature: bytes
    key_id: str | None
    version: int


def new_private_key() -> Ed25519PrivateKey:
    """A fresh Ed25519 signing key."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.generate()


def private_key_pem(key: Ed25519PrivateKey) -> bytes:
    """The private key as unencrypted PKCS#8 PEM."""
    from cryptography.hazmat.primitives import serialization

    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def public_key_pem(key: Ed25519PrivateKey) -> str:
    """The public half of ``key`` as SubjectPublicKeyInfo PEM text."""
    from cryptography.hazmat.primitives import serialization

    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """The Ed25519 private key in the PEM file ``path``."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise QujatError(M_("cannot read the signing key: %(detail)s", code="key.unreadable",
                            detail=str(exc).splitlines()[0]), Location(str(path))) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise QujatError(M_("the signing key is not an Ed25519 key", code="key.not-ed25519"), Location(str(path)))
    return key


def load_public_key(pem: str | bytes) -> Ed25519PublicKey:
    """The Ed25519 public key in PEM text."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        key = serialization.load_pem_public_key(pem.encode("ascii") if isinstance(pem, str) else pem)
    except (ValueError, UnicodeEncodeError) as exc:
        raise QujatError(M_("not a public key in PEM form: %(detail)s", code="key.not-pem",
                            detail=str(exc).splitlines()[0])) from None
    if not isinstance(key, Ed25519PublicKey):
        raise QujatError(M_("the public key is not an Ed25519 key", code="key.public-not-ed25519"))
    return key


def write_private_key(path: Path, key: Ed25519PrivateKey) -> None:
    """Create ``path`` holding ``key``, readable only by its owner; never overwrites a key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(private_key_pem(key))


def raw_public_key(key: str | bytes | Ed25519PublicKey) -> bytes:
    """The 32 bytes of an Ed25519 public key (given as PEM or as a key)."""
    from cryptography.hazmat.primitives import serialization

    public = load_public_key(key) if isinstance(key, (str, bytes)) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(key: str | bytes | Ed25519PublicKey) -> str:
    """The short id of a public key as printed: six hex digits, the first three bytes of the
    SHA-256 of its raw bytes."""
    return hashlib.sha256(raw_public_key(key)).digest()[:KEY_ID_BYTES].hex().upper()


def _encode_name(name: str) -> tuple[bytes, int]:
    try:
        return name.encode(NAME_CODEC), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), _FLAG_UTF8


def _short(text: str, what: str) -> bytes:
    data = text.encode("utf-8")
    if len(data) > 255:
        raise QujatError(M_("the certificate's %(what)s is longer than a payload holds (255 bytes): %(text)s…",
                            code="seal.too-long", what=what, text=text[:40]))
    return bytes([len(data)]) + data


def sign_payload(key: Ed25519PrivateKey, seal: Seal, version: int = 2) -> str:
    """The payload text of ``seal`` signed by ``key``: ``QJ2:`` and the base32 of the compact
    bytes (``version`` 1: the old ``QJ1:`` form, kept for tests of old certificates).

    Ed25519 signatures are deterministic, so the same facts always give the same text."""
    if version == 1:
        message = seal.message()
        return PREFIX_V1 + _b32(message + key.sign(message))
    days = (dt.date.fromisoformat(seal.date) - EPOCH).days
    if not 0 <= days < 1 << 16:
        raise QujatError(M_("the date %(date)s cannot be signed (a payload holds 2000-01-01 to 2179-06-06)",
                            code="seal.date", date=seal.date))
    if not 0 <= seal.copy < 256:
        raise QujatError(M_("a certificate has at most 255 duplicates, not %(copy)s", code="seal.copies",
                            copy=seal.copy))
    name, flags = _encode_name(seal.name)
    flags |= _FLAG_COPY if seal.copy else 0
    body = (MAGIC + bytes([VERSION_BITS | flags]) + _signer_id(key) + days.to_bytes(2, "big")
            + (bytes([seal.copy]) if seal.copy else b"") + _short(seal.number, "number")
            + _short(seal.award, "award") + name)
    return PREFIX + _b32(body + key.sign(body))


#: The last signing key and its id's bytes (a batch signs every page with one key).
_last_signer: list[tuple[Ed25519PrivateKey, bytes]] = []


def _signer_id(key: Ed25519PrivateKey) -> bytes:
    if not _last_signer or _last_signer[0][0] is not key:
        _last_signer[:] = [(key, bytes.fromhex(key_id(key.public_key())))]
    return _last_signer[0][1]


def _b32(raw: bytes) -> str:
    return base64.b32encode(raw).decode("ascii").rstrip("=")


#: What starts a certificate's code in each of its forms, a code typed with a slip included.
CODE_START = re.compile(r"QJ[123]:", re.IGNORECASE)


def looks_like_code(text: str) -> bool:
    """Whether ``text`` holds the start of a certificate's code (``QJ1:``, ``QJ2:``, ``QJ3:``),
    as a code typed with a slip still does (a certificate's number never has one).

    >>> looks_like_code("QJ3:X.CT"), looks_like_code("https://verify.example/?c=qj2:MZXW"), looks_like_code("FB-0001")
    (True, True, False)
    """
    return CODE_START.search(text) is not None


def find_payload(text: str) -> str | None:
    """The payload inside ``text`` (a bare payload, a verification URL ending in one, or a QR
    code's own text of one, ``QJ3:``), in its canonical text form; None when there is none."""
    try:
        raw = qr_text_bytes(text)
    except ValueError:  # a QJ3: text typed with a slip: as damaged as any other
        return None
    if raw is not None:
        return PREFIX + _b32(raw)
    found = PAYLOAD_PATTERN.search(text)
    return f"{found.group(1).upper()}:{found.group(2).upper()}" if found else None


def payload_text(content: bytes) -> str | None:
    """The text form of what a QR code carries: the code's own text of a payload (``QJ3:``),
    raw format-2 bytes (codes drawn before), or text holding a payload."""
    if _is_v2(content):
        return PREFIX + _b32(content)
    return find_payload(content.decode("utf-8", "replace"))


def _is_v2(content: bytes) -> bool:
    return len(content) > 2 and content.startswith(MAGIC) and content[1] & 0xF0 == VERSION_BITS


def payload_bytes(text: str) -> bytes:
    """The raw bytes of a payload's text form (what the QR code carries for format 2)."""
    payload = find_payload(text)
    if payload is None:
        raise QujatError(M_("not a qujat certificate code (no QJ2: or QJ1: payload)", code="seal.not-qujat"))
    body = payload[len(PREFIX):]
    try:
        return base32.decode(body)
    except ValueError:
        raise QujatError(M_("the certificate code is damaged (not base32)", code="seal.not-base32")) from None


def decode(text: str) -> Decoded:
    """Take a payload apart (no signature checked); QujatError if it is not one."""
    raw = payload_bytes(text)
    version = 1 if str(find_payload(text)).startswith(PREFIX_V1) else 2
    damaged = QujatError(M_("the certificate code is damaged (its fields cannot be read)", code="seal.fields"))
    message, signature = raw[:-SIGNATURE_BYTES], raw[-SIGNATURE_BYTES:]
    if len(signature) != SIGNATURE_BYTES:
        raise damaged
    if version == 1:
        try:
            parts = message.decode("utf-8").split(SEPARATOR)
        except UnicodeDecodeError:
            parts = []
        if len(parts) != 4:
            raise damaged
        return Decoded(Seal(parts[0], parts[1], parts[2], parts[3]), message, signature, None, 1)
    try:
        if not _is_v2(message):
            raise ValueError
        flags, at = message[1] & 0x0F, 2
        key = message[at:at + KEY_ID_BYTES].hex().upper()
        at += KEY_ID_BYTES
        days = int.from_bytes(message[at:at + 2], "big")
        at += 2
        copy = 0
        if flags & _FLAG_COPY:
            copy, at = message[at], at + 1
        fields = []
        for _ in range(2):
            length = message[at]
            fields.append(message[at + 1:at + 1 + length].decode("utf-8"))
            at += 1 + length
        name = message[at:].decode("utf-8" if flags & _FLAG_UTF8 else NAME_CODEC)
        if at > len(message) or flags & ~(_FLAG_UTF8 | _FLAG_COPY):
            raise ValueError
    except (IndexError, ValueError, UnicodeDecodeError):
        raise damaged from None
    date = (EPOCH + dt.timedelta(days=days)).isoformat()
    return Decoded(Seal(fields[0], fields[1], date, name, copy), message, signature, key, 2)


def decode_payload(text: str) -> tuple[Seal, bytes, bytes]:
    """The facts, the signed message and the signature of a payload; QujatError if it is not one."""
    found = decode(text)
    return found.seal, found.message, found.signature


def signature_ok(decoded: Decoded, public_key: str | bytes | Ed25519PublicKey) -> bool:
    """Whether ``public_key`` signed ``decoded``."""
    from cryptography.exceptions import InvalidSignature

    key = load_public_key(public_key) if isinstance(public_key, (str, bytes)) else public_key
    try:
        key.verify(decoded.signature, decoded.message)
    except InvalidSignature:
        return False
    return True


def open_payload(text: str, public_key: str | bytes | Ed25519PublicKey) -> Opened:
    """Decode a payload and check its signature against ``public_key`` (PEM or a key)."""
    decoded = decode(text)
    return Opened(decoded.seal, signature_ok(decoded, public_key))
