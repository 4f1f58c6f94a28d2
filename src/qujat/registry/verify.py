"""Checking a certificate: from its number, its PDF, a scan or photo, or the QR text itself.

The QR code is read with zxing-cpp (a PDF is first rendered to images by pdftoppm), its
signature checked with the issuer's public key (offline with a key file, no registry needed),
and, with a registry, the certificate's status looked up.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from qujat.errors import QujatError
from qujat.registry.signing import decode_payload, find_payload, open_payload

if TYPE_CHECKING:
    from qujat.registry.store import Registry

VALID = "valid"
REVOKED = "revoked"
UNKNOWN = "unknown number"
BAD_SIGNATURE = "signature does not match"
NAME_DIFFERS = "name on the page differs from the signed name"
REPLACED = "replaced by a duplicate"
NOT_ISSUED = "not issued"
NO_CODE = "no certificate code found"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp", ".gif")
#: Resolution a PDF is rendered at to read its QR code.
PDF_DPI = 200


@dataclass(frozen=True)
class Verdict:
    """What a check found: the certificate's facts as signed and its status."""

    status: str
    number: str = ""
    name: str = ""
    award: str = ""
    date: str = ""
    detail: str = ""

    @property
    def valid(self) -> bool:
        return self.status == VALID


def read_codes(image: object) -> list[str]:
    """The texts of the QR codes in ``image`` (a PIL image or a path), tried as it is and, for a
    poor photo, in greyscale with sharpened contrast."""
    import zxingcpp
    from PIL import Image, ImageOps

    _QR = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    picture = Image.open(image) if isinstance(image, (str, Path)) else image
    assert isinstance(picture, Image.Image)
    found = [r.text for r in zxingcpp.read_barcodes(picture, formats=_QR)]
    if not found:
        grey = ImageOps.autocontrast(picture.convert("L"))
        found = [r.text for r in zxingcpp.read_barcodes(grey, formats=_QR,
                                                        try_rotate=True, try_downscale=True)]
    return found


def pdf_codes(pdf: Path) -> tuple[list[str], str]:
    """The QR texts of every page of ``pdf`` and the PDF's text (for the name on the page)."""
    tool = shutil.which("pdftoppm")
    if not tool:
        raise QujatError("reading a PDF needs pdftoppm (Debian/Ubuntu: apt-get install poppler-utils)")
    codes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="qujat-verify-") as folder:
        result = subprocess.run([tool, "-png", "-r", str(PDF_DPI), str(pdf), str(Path(folder) / "page")],
                                capture_output=True, text=True, timeout=300)
        if result.returncode != 0:
            raise QujatError(f"{pdf}: cannot be read as a PDF: {result.stderr.strip().splitlines()[-1:]}")
        for png in sorted(Path(folder).glob("page*.png")):
            codes.extend(read_codes(png))
    return codes, pdf_text(pdf)


def pdf_text(pdf: Path) -> str:
    """The text of ``pdf`` (pdftotext), empty when it cannot be had."""
    tool = shutil.which("pdftotext")
    if not tool:
        return ""
    # -raw: in the order drawn, so a duplicate's or draft's mark across the page cannot split the name
    result = subprocess.run([tool, "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, timeout=300)
    return result.stdout.decode("utf-8", "replace") if result.returncode == 0 else ""


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


def check_payload(payload: str, registry: Registry | None = None, public_key: str | None = None,
                  page_text: str | None = None) -> Verdict:
    """Check one QR text: its signature (``public_key`` PEM, else the registry's), then with a
    registry the certificate's status, and with ``page_text`` that the signed name is printed."""
    try:
        seal = decode_payload(payload)[0]
    except QujatError as exc:
        return Verdict(BAD_SIGNATURE, detail=exc.problems[0][1])
    facts = {"number": seal.number, "name": seal.name, "award": seal.award, "date": seal.date}
    key = public_key or (registry.public_key if registry is not None else None)
    if key is None:
        raise QujatError("give --public-key FILE or a registry to check the signature with")
    if not open_payload(payload, key).signature_ok:
        return Verdict(BAD_SIGNATURE, **facts)
    if page_text is not None and page_text.strip() and _squeezed(seal.name) not in _squeezed(page_text):
        return Verdict(NAME_DIFFERS, **facts)
    if registry is not None:
        entry = registry.get(seal.number)
        if entry is None:
            return Verdict(UNKNOWN, **facts)
        if entry.status == "revoked":
            reasons = [e.reason for e in registry.history(entry.number) if e.kind == "revoked"]
            return Verdict(REVOKED, **facts, detail=reasons[-1] if reasons and reasons[-1] else "")
        if entry.status != "issued":
            return Verdict(NOT_ISSUED, **facts, detail=f"{entry.status}: its printing never finished")
        replaced = entry.replaced_on
        if replaced is not None and seal.issued != replaced.isoformat():
            return Verdict(REPLACED, **facts, detail=f"on {replaced.isoformat()}; only the duplicate is valid")
        if seal.issued:
            facts["date"] = f"{seal.date} (duplicate issued {seal.issued})"
    return Verdict(VALID, **facts)


def verify(target: str, registry: Registry | None = None, public_key: str | None = None) -> Verdict:
    """Check a certificate given by ``target``: a number, a PDF, an image, or the QR text."""
    path = Path(target)
    if find_payload(target) is None and path.suffix.lower() in (".pdf", *IMAGE_SUFFIXES):
        if not path.is_file():
            raise QujatError(f"{target}: no such file")
        if path.suffix.lower() == ".pdf":
            codes, text = pdf_codes(path)
        else:
            codes, text = read_codes(path), None
        payloads = [p for p in (find_payload(code) for code in codes) if p]
        if not payloads:
            return Verdict(NO_CODE, detail=f"{target}: no qujat QR code could be read")
        return check_payload(payloads[0], registry, public_key, text)
    payload = find_payload(target)
    if payload is not None:
        return check_payload(payload, registry, public_key)
    if registry is None:
        raise QujatError("checking a certificate by its number needs the registry (--registry)")
    entry = registry.get(target)
    if entry is None:
        return Verdict(UNKNOWN, number=target.strip())
    if entry.current_payload:
        return check_payload(entry.current_payload, registry, public_key)
    status = VALID if entry.status == "issued" else REVOKED
    return Verdict(status, entry.number, entry.name, entry.award, entry.date.isoformat(),
                   detail="imported from a journal; not signed")
