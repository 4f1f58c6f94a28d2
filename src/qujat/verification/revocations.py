"""Signed revocation lists, for checking certificates offline.

As the EU Digital COVID Certificate's revocation lists and pretix's offline check-in do, an
office publishes a list signed with its own key: the numbers it revoked and, for each
certificate replaced by a duplicate, the dates of its duplicates (a paper older than the last
duplicate is replaced). No names and no reasons: the list can be handed to anyone. A verifier
with the office's public key checks the list's signature and its age, then the certificate
against it.

The file is JSON: ``{"format": "qujat-revocations/1", "list": {...}, "signature": base64}``,
the signature over the list's canonical JSON (keys sorted, no spaces, UTF-8).
"""
from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qujat.errors import Location, QujatError
from qujat.messages import M_, os_reason
from qujat.registry.schema import awards
from qujat.registry.signing import key_id, load_public_key
from qujat.verification.standing import all_standings
from qujat.verification.trust import OFFICE_SETTING, Issuer

if TYPE_CHECKING:
    from qujat.registry.store import Registry

FORMAT = "qujat-revocations/1"
#: A list older than this many days does not count as checked (an office publishes weekly).
MAX_AGE_DAYS = 30
#: The largest list file read (a million certificates' numbers fit in a few tens of MB).
MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class RevocationList:
    """A revocation list as read and checked: whose it is, when it was made, what it holds."""

    issuer: str
    key_id: str
    issued_at: dt.datetime
    revoked: frozenset[str] = frozenset()
    replaced: dict[str, tuple[dt.date, ...]] = field(default_factory=dict)
    source: str = ""

    def age(self, now: dt.datetime | None = None) -> dt.timedelta:
        """How old the list is (never less than nothing)."""
        now = now or dt.datetime.now(dt.timezone.utc)
        return max(now - self.issued_at, dt.timedelta(0))


def _canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def make_list(registry: Registry, office: str | None = None, now: dt.datetime | None = None) -> bytes:
    """The signed revocation list of ``registry`` as file content: every revoked number and every
    certificate with duplicates, signed by the registry's key; ``office`` names the issuer
    (default: the registry's office setting, else the issuer its newest certificate prints)."""
    key = registry.private_key()
    revoked, replaced = [], {}
    for number, facts in all_standings(registry).items():
        if facts.revoked:
            revoked.append(number)
        if facts.duplicates:
            replaced[number] = [d.isoformat() for d in facts.duplicates]
    name = office or registry.settings().get(OFFICE_SETTING) or _newest_issuer(registry)
    issued = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    body = {"issuer": name, "key_id": key_id(key.public_key()), "issued_at": issued.isoformat(),
            "revoked": sorted(revoked), "replaced": replaced}
    document = {"format": FORMAT, "list": body,
                "signature": base64.b64encode(key.sign(_canonical(body))).decode("ascii")}
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _newest_issuer(registry: Registry) -> str:
    from sqlalchemy import select

    with registry.reading() as conn:
        return conn.execute(select(awards.c.issuer).where(awards.c.issuer.is_not(None))
                            .order_by(awards.c.id.desc()).limit(1)).scalar() or ""


def read_list(path: Path, keys: Sequence[Issuer]) -> RevocationList:
    """The revocation list in ``path``, its signature checked with the one of ``keys`` whose id
    it names; a :class:`QujatError` in one line when it is damaged or no key given signed it."""
    from cryptography.exceptions import InvalidSignature

    try:
        if path.stat().st_size > MAX_BYTES:
            raise QujatError(M_("larger than a revocation list can be (%(size)s MB)", code="revocations.too-large",
                                size=MAX_BYTES // 2**20), Location(str(path)))
        document = json.loads(path.read_bytes())
        body = document["list"]
        if document.get("format") != FORMAT:
            raise QujatError(M_("not a qujat revocation list (format %(format)s)", code="revocations.format",
                                format=repr(document.get("format"))), Location(str(path)))
        signature = base64.b64decode(document["signature"], validate=True)
        ident = str(body["key_id"])
        issued = dt.datetime.fromisoformat(body["issued_at"])
        revoked = frozenset(str(n) for n in body["revoked"])
        replaced = {str(n): tuple(dt.date.fromisoformat(d) for d in dates) for n, dates in body["replaced"].items()}
    except OSError as exc:
        raise QujatError(M_("cannot be read: %(reason)s", code="file.unreadable", reason=os_reason(exc)),
                         Location(str(path))) from None
    except (ValueError, KeyError, TypeError, AttributeError):
        raise QujatError(M_("not a qujat revocation list, or damaged", code="revocations.damaged"),
                         Location(str(path))) from None
    signer = next((k for k in keys if k.key_id == ident), None)
    if signer is None:
        raise QujatError(M_("the revocation list is signed by key %(key)s, which is not given: give that office's "
                            "public key (--public-key) or trust it in the registry", code="revocations.unknown-key",
                            key=ident), Location(str(path)))
    try:
        load_public_key(signer.public_key).verify(signature, _canonical(body))
    except InvalidSignature:
        raise QujatError(M_("the revocation list's signature does not match: it was altered",
                            code="revocations.altered"), Location(str(path))) from None
    if issued.tzinfo is None:
        issued = issued.replace(tzinfo=dt.timezone.utc)
    return RevocationList(str(body.get("issuer") or signer.name), ident, issued, revoked, replaced, str(path))
