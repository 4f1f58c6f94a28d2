"""Signed certificate payloads: what the QR code carries, checked offline with a public key.

As in the EU Digital COVID Certificate and pretix's offline tickets, the code holds the facts
themselves (number, award, date, the name as printed) and an Ed25519 signature over them, so
that a verifier needs only the issuer's public key. The bytes are base32 (``A–Z``, ``2–7``):
the QR code's compact alphanumeric mode, and safe at the end of a URL.

>>> key = new_private_key()
>>> text = sign_payload(key, Seal("A20-0007", "jubilee-medal", "2018-07-04", "Бекбас О.Т."))
>>> open_payload(text, public_key_pem(key)).seal.number
'A20-0007'
"""
from __future__ import annotations

import base64
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from qujat.errors import QujatError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

#: The start of every payload; the version lets a later format be told apart.
PREFIX = "QJ1:"
PAYLOAD_PATTERN = re.compile(r"QJ1:([A-Z2-7]{16,})")
SEPARATOR = "\x1f"
SIGNATURE_BYTES = 64
#: A private key (PEM file) to sign with, instead of the one beside the registry.
KEY_VARIABLE = "QUJAT_SIGNING_KEY"


@dataclass(frozen=True)
class Seal:
    """What a certificate's signature vouches for."""

    number: str
    award: str
    date: str
    name: str
    #: a duplicate's own issue date (empty for an original, whose payload is then as before)
    issued: str = ""

    def message(self) -> bytes:
        fields = (self.number, self.award, self.date, self.name) + ((self.issued,) if self.issued else ())
        return SEPARATOR.join(fields).encode("utf-8")


@dataclass(frozen=True)
class Opened:
    """A payload read back: the facts, and whether the signature is the key's."""

    seal: Seal
    signature_ok: bool


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
        raise QujatError(f"{path}: cannot read the signing key: {str(exc).splitlines()[0]}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise QujatError(f"{path}: the signing key is not an Ed25519 key")
    return key


def load_public_key(pem: str | bytes) -> Ed25519PublicKey:
    """The Ed25519 public key in PEM text."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        key = serialization.load_pem_public_key(pem.encode("ascii") if isinstance(pem, str) else pem)
    except (ValueError, UnicodeEncodeError) as exc:
        raise QujatError(f"not a public key in PEM form: {str(exc).splitlines()[0]}") from None
    if not isinstance(key, Ed25519PublicKey):
        raise QujatError("the public key is not an Ed25519 key")
    return key


def write_private_key(path: Path, key: Ed25519PrivateKey) -> None:
    """Create ``path`` holding ``key``, readable only by its owner; never overwrites a key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(private_key_pem(key))


def sign_payload(key: Ed25519PrivateKey, seal: Seal) -> str:
    """The QR text of ``seal`` signed by ``key``: ``QJ1:`` and base32 of the facts and signature.

    Ed25519 signatures are deterministic, so the same facts always give the same text."""
    message = seal.message()
    raw = message + key.sign(message)
    return PREFIX + base64.b32encode(raw).decode("ascii").rstrip("=")


def find_payload(text: str) -> str | None:
    """The payload inside ``text`` (a bare payload, or a verification URL ending in one)."""
    found = PAYLOAD_PATTERN.search(text.upper() if text.lower().startswith("qj1:") else text)
    return PREFIX + found.group(1) if found else None


def decode_payload(text: str) -> tuple[Seal, bytes, bytes]:
    """The facts, the signed message and the signature of a payload; QujatError if it is not one."""
    payload = find_payload(text)
    if payload is None:
        raise QujatError("not a qujat certificate code (no QJ1: payload)")
    body = payload[len(PREFIX):]
    try:
        raw = base64.b32decode(body + "=" * (-len(body) % 8))
    except ValueError:
        raise QujatError("the certificate code is damaged (not base32)") from None
    message, signature = raw[:-SIGNATURE_BYTES], raw[-SIGNATURE_BYTES:]
    try:
        parts = message.decode("utf-8").split(SEPARATOR)
    except UnicodeDecodeError:
        parts = []
    if len(parts) not in (4, 5) or len(signature) != SIGNATURE_BYTES:
        raise QujatError("the certificate code is damaged (its fields cannot be read)")
    return Seal(*parts), message, signature


def open_payload(text: str, public_key: str | bytes | Ed25519PublicKey) -> Opened:
    """Decode a payload and check its signature against ``public_key`` (PEM or a key)."""
    from cryptography.exceptions import InvalidSignature

    seal, message, signature = decode_payload(text)
    key = load_public_key(public_key) if isinstance(public_key, (str, bytes)) else public_key
    try:
        key.verify(signature, message)
    except InvalidSignature:
        return Opened(seal, False)
    return Opened(seal, True)
