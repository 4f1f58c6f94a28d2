"""The public page's only ways into the registry: open it read-only, read the keys it knows, find
a certificate's code by its number and short code, and say whether it can be reached.

Kept in one small module so that a change of the registry's model touches only this file. The
public server never holds the signing key: a SQLite registry is opened through a read-only URI
(``mode=ro``, and ``PRAGMA query_only``), a PostgreSQL one in read-only transactions (and, as
docs/verify.md shows, as a role that may only SELECT).
"""
from __future__ import annotations

import dataclasses
import hmac
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Connection, create_engine, event, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from qujat.certificates.qr import seal_code
from qujat.errors import QujatError
from qujat.identity import number_forms
from qujat.messages import M_
from qujat.registry.engine import RegistryError, registry_url
from qujat.registry.schema import awards, documents, events
from qujat.registry.store import HEAD, VERSION_TABLE, Document, Entry, Event, Registry, numbered
from qujat.verification.trust import Issuer, own_issuer, trusted

#: Seconds a query waits for SQLite's writer, and for PostgreSQL's connection.
WAIT_SECONDS = 5
#: Letters a person may type for the base32 ones they look like.
_CODE_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B", "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M",
                                  "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X", "Ү": "Y", "У": "Y"})
_CODE = re.compile(r"[A-Z2-7]{8}")
_NUMBER = re.compile(r"[A-Z0-9][A-Z0-9./-]{0,62}")


def open_read_only(url: str) -> Registry:
    """The registry at ``url`` (a SQLite file or URL, or ``postgresql://…``), opened so that it
    cannot be written; :class:`RegistryError` when it is not there or not a qujat registry."""
    full = registry_url(url)
    parsed = make_url(full)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "")
        if not path.is_file():
            raise RegistryError(M_("no registry at %(path)s", code="public.no-registry", path=str(path)))
        uri = f"sqlite:///file:{quote(str(path.resolve()))}?mode=ro&uri=true"
        engine = create_engine(uri, connect_args={"timeout": WAIT_SECONDS})
        _read_only_sqlite(engine)
    elif parsed.get_backend_name() == "postgresql":
        engine = create_engine(full, pool_pre_ping=True, connect_args={
            "connect_timeout": WAIT_SECONDS, "options": "-c default_transaction_read_only=on"})
    else:
        raise RegistryError(M_("unsupported registry database '%(backend)s'", code="public.backend",
                               backend=parsed.get_backend_name()))
    registry = ReadOnlyRegistry(engine, None, None)
    try:
        with registry.reading() as conn:
            version = conn.execute(text(f"SELECT max(version_num) FROM {VERSION_TABLE}")).scalar()
        if version != HEAD:
            raise RegistryError(M_("%(registry)s is at schema %(version)s, not %(head)s: upgrade it with this qujat's "
                                   "`generate registry init` where the registry is written, then start the page",
                                   code="public.schema", registry=registry.name, version=version, head=HEAD))
        if not registry.settings().get("public_key"):
            raise RegistryError(M_("%(registry)s is not a qujat registry", code="public.not-qujat",
                                   registry=registry.name))
    except SQLAlchemyError as exc:
        engine.dispose()
        raise RegistryError(M_("%(registry)s is not a qujat registry, or cannot be read: %(detail)s",
                               code="public.unreadable", registry=registry.name,
                               detail=str(getattr(exc, "orig", exc)).strip().splitlines()[0][:200])) from None
    except BaseException:
        engine.dispose()
        raise
    return registry


#: The only columns the public page reads (and, on PostgreSQL, the only ones its role may):
#: never the ИИН, the position, the workplace, the place, the list and row a certificate came
#: from, the person, the file, what prints it again, who did what, or the reason of a revocation.
AWARD_COLUMNS = ("id", "number", "award", "status", "date", "name", "issuer")
DOCUMENT_COLUMNS = ("id", "award_id", "language", "kind", "status", "printed_on", "name", "payload")
EVENT_COLUMNS = ("id", "award_id", "kind", "at", "category")  # id: their order


class ReadOnlyRegistry(Registry):
    """A registry the public page reads: only the columns it shows or checks with
    (:data:`AWARD_COLUMNS` …), its settings (keys, trust list, office) read once per view (the
    page makes a new view every minute), and never a signing key or a change."""

    _read: dict[str, str] | None = None

    def settings(self) -> dict[str, str]:
        if self._read is None:
            self._read = super().settings()
        return dict(self._read)

    def private_key(self) -> Any:
        raise RegistryError(M_("the public page holds no signing key", code="public.no-key"))

    def set_setting(self, key: str, value: str | None) -> None:
        raise RegistryError(M_("the public page changes nothing in the registry", code="public.read-only"))

    def get(self, number: str, conn: Connection | None = None) -> Entry | None:
        """The award numbered ``number`` with its documents, as far as the page may read them."""
        if conn is None:
            with self.reading() as own:
                return self.get(number, own)
        row = conn.execute(numbered(number, *(awards.c[c] for c in AWARD_COLUMNS))).first()
        if row is None:
            return None
        docs = [Document(d.id, d.award_id, d.language, d.kind, d.status, d.printed_on, d.name, None, None, d.payload,
                         None)
                for d in conn.execute(select(*(documents.c[c] for c in DOCUMENT_COLUMNS))
                                      .where(documents.c.award_id == row.id).order_by(documents.c.id))]
        return Entry(row.id, row.number, row.award, None, None, row.status, row.date, row.name, None, None, None, None,
                     row.issuer, "", None, None, tuple(docs))

    def history(self, number: str) -> list[Event]:
        """The kinds, times and categories of the award's events (no user, reason or detail)."""
        with self.reading() as conn:
            rows = conn.execute(select(events.c.kind, events.c.at, events.c.category)
                                .join(awards, awards.c.id == events.c.award_id)
                                .where(awards.c.number == number).order_by(events.c.id))
            return [Event(kind, at, "", number=number, category=category) for kind, at, category in rows]


def _read_only_sqlite(engine: Any) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.isolation_level = None  # transactions are begun below, not by the driver
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {WAIT_SECONDS * 1000}")
        cursor.execute("PRAGMA query_only = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN")


@dataclass(frozen=True)
class Keys:
    """The keys the page checks with: the registry's own (named by its office) and those of the
    offices on its trust list, as read at ``read_at`` (a monotonic time)."""

    own: Issuer
    trusted: tuple[Issuer, ...]
    read_at: float = 0.0

    @property
    def all(self) -> tuple[Issuer, ...]:
        return (self.own, *self.trusted)

    def office(self, key_id: str) -> str:
        """The office whose key has ``key_id``, "" if none here."""
        return next((k.name for k in self.all if k.key_id == key_id), "")

    def pem(self, key_id: str) -> str | None:
        """The public key (PEM) with ``key_id``, None if none here."""
        return next((k.public_key for k in self.all if k.key_id == key_id), None)


def read_keys(registry: Registry) -> Keys:
    """The registry's own key and trust list, read afresh (a new view of its settings)."""
    fresh = fresh_view(registry)
    own = own_issuer(fresh)
    if not own.name:
        own = dataclasses.replace(own, name=_newest_issuer(fresh))
    return Keys(own, tuple(trusted(fresh)), time.monotonic())


def fresh_view(registry: Registry) -> Registry:
    """The same registry (its connections shared) with its settings to be read again."""
    return ReadOnlyRegistry(registry.engine, None, None)


def _newest_issuer(registry: Registry) -> str:
    """The issuer the newest award names, for a registry whose office has no name set."""
    with registry.reading() as conn:
        return conn.execute(select(awards.c.issuer).where(awards.c.issuer.is_not(None))
                            .order_by(awards.c.id.desc()).limit(1)).scalar() or ""


def _printed_codes(entry: Entry) -> list[str]:
    """The signed code of each document printed for an award: the original's, each duplicate's,
    in every language (each has the short code printed under its QR code)."""
    return [d.payload for d in entry.documents if d.payload and d.status != "reserved"]


def normal_number(typed: str) -> str:
    """A typed certificate number in the Latin form of every number that looks like it
    (:func:`qujat.identity.number_forms`; a space stands for the hyphen when there is none)."""
    number = "".join(typed.split()) if "-" in typed or "–" in typed else "-".join(typed.split())
    return number_forms(number)[0]


def normal_code(typed: str) -> str:
    """A typed short code as its eight base32 letters (no hyphen; 0, 1, 8 and Cyrillic look-alikes
    read as the letters they stand for)."""
    return "".join(ch for ch in typed.upper().translate(_CODE_LOOKALIKES) if ch.isalnum())


def payload_by_code(registry: Registry, number: str, code: str) -> str | None:
    """The signed code of the certificate ``number`` whose short code (printed under its QR code)
    is ``code``; None when there is no such certificate or the code is not its (one answer for
    both, and the same work for both). Never looks a certificate up by its number alone."""
    number, code = normal_number(number), normal_code(code)
    if not _CODE.fullmatch(code) or not _NUMBER.fullmatch(number):
        return None
    entry = registry.get(number)
    candidates = _printed_codes(entry) if entry is not None and entry.status in ("issued", "revoked") else []
    found = None
    for payload in candidates or ["QJ2:" + "A" * 160]:  # an unknown number is compared too
        printed = seal_code(payload).replace("-", "") or "-" * 8
        if hmac.compare_digest(printed, code) and candidates:
            found = payload
    return found


def reachable(registry: Registry) -> bool:
    """Whether the registry answers a query now."""
    try:
        with registry.reading() as conn:
            conn.execute(text("SELECT 1"))
    except (SQLAlchemyError, QujatError):
        return False
    return True
