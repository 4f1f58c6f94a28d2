"""The award registry: persons, their awards (one number each) and the documents printed of them.

SQLite (WAL mode) for an office, PostgreSQL for a registry several offices share. A registry
is opened with :meth:`Registry.open`; it is created only when asked (``create=True``: ``generate
registry init``, or a first run that says so), never over a signing key whose registry is gone.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with Registry.open(folder / "registry.sqlite3", create=True) as reg:
...     reg.list()
[]
"""
from __future__ import annotations

import builtins
import contextlib
import datetime as dt
import getpass
import os
import time
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, bindparam, case, func, insert, inspect, literal, select, true, update
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from qujat import stopping
from qujat.errors import QujatWarning
from qujat.identity import number_forms
from qujat.messages import M_, listed
from qujat.registry import keys, signing
from qujat.registry.engine import (
    POLL_SECONDS,
    RegistryError,
    lock_timed_out,
    make_engine,
    registry_problem,
    registry_url,
    still_busy,
    wait_seconds,
    waiting_for,
)
from qujat.registry.forms import PrintedForm
from qujat.registry.holders import holders_named
from qujat.registry.location import USER_DEFAULT, Location, resolve
from qujat.registry.schema import awards, counters, documents, events, meta, person_names, persons
from qujat.settings import current

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from sqlalchemy import Engine

__all__ = ["HEAD", "Document", "Entry", "Event", "NewAward", "NewDocument", "Registry", "RegistryError",
           "registry_url"]

#: The newest migration; a registry at it needs no Alembic at all when opened.
HEAD = "0008"
#: Every schema this qujat can open and bring to :data:`HEAD` (the migrations are numbered in order).
KNOWN_VERSIONS = tuple(f"{n:04d}" for n in range(1, int(HEAD) + 1))
VERSION_TABLE = "qujat_alembic_version"
#: Why an award was revoked, in words that name no person's circumstances (what a public page
#: shows; the free-text reason is the office's own).
REVOCATION_CATEGORIES = ("issued-in-error", "data-corrected", "replaced", "withdrawn")
#: The statuses an award is listed by.
STATUSES = ("reserved", "issued", "revoked")
#: The lock every issuing transaction takes on PostgreSQL (SQLite's BEGIN IMMEDIATE does the same).
ISSUE_LOCK = 727400002
RESTORE = M_("restore it from the backup, or start a new series with `generate registry init --new-series`",
             code="registry.restore")


@contextlib.contextmanager
def _creation_lock(path: Path) -> Iterator[None]:
    """An exclusive lock on ``<registry>.lock`` while a SQLite registry is found missing or empty
    and created: a process creating it right now is waited for, never taken for a lost registry."""
    if not path.parent.is_dir():
        yield
        return
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no lock, creation is rare
        yield
        return
    with open(path.with_name(path.name + ".lock"), "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _user() -> str:
    """Who does the work, as the journal records it: the settings' user (the desk's signed-in
    clerk), else the system's login name."""
    if current().user:
        return current().user or ""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid()) if hasattr(os, "getuid") else "unknown"


def now() -> dt.datetime:
    """The time recorded with an event: UTC, whole seconds."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


@dataclass(frozen=True)
class Document:
    """One printed form of an award: its language, kind, status, file and payload."""

    id: int
    award_id: int
    language: str
    kind: str
    status: str
    printed_on: dt.date
    name: str
    sha256: str | None
    file: str | None
    payload: str | None
    form_json: str | None
    #: while reserved, the lease of the run printing it (:mod:`qujat.registry.leases`)
    reserved_by: str | None = None

    @property
    def form(self) -> PrintedForm | None:
        """What prints it again (None for an award imported from a journal)."""
        return PrintedForm.from_json(self.form_json) if self.form_json else None

    @classmethod
    def from_row(cls, row: Any) -> Document:
        data = dict(row._mapping)
        data["form_json"] = data.pop("form")
        data.pop("created_at", None)
        return cls(**data)


@dataclass(frozen=True)
class Entry:
    """One award as the registry holds it, with its documents (oldest first)."""

    id: int
    number: str
    award: str
    sequence: int | None
    person_id: int | None
    status: str
    date: dt.date
    name: str
    iin: str | None
    position: str | None
    organisation: str | None
    place: str | None
    issuer: str | None
    source: str
    row: int | None
    issued_at: dt.datetime | None
    documents: tuple[Document, ...] = ()

    @property
    def first(self) -> Document | None:
        """The award's first document (its original)."""
        return self.documents[0] if self.documents else None

    @property
    def language(self) -> str:
        return self.first.language if self.first else ""

    @property
    def payload(self) -> str | None:
        return self.first.payload if self.first else None

    @property
    def current_payload(self) -> str | None:
        """The payload of the document in force: the latest duplicate's, else the original's."""
        duplicates = [d for d in self.documents if d.kind == "duplicate" and d.status == "issued"]
        return duplicates[-1].payload if duplicates else self.payload

    @property
    def sha256(self) -> str | None:
        return self.first.sha256 if self.first else None

    @property
    def file(self) -> str | None:
        return self.first.file if self.first else None

    @property
    def replaced_on(self) -> dt.date | None:
        """The day the latest duplicate was issued, None when there is none."""
        found = [d.printed_on for d in self.documents if d.kind == "duplicate" and d.status == "issued"]
        return max(found) if found else None

    def document(self, language: str) -> Document | None:
        """The award's document in force in ``language``: its latest duplicate, else its original
        (reserved, issued, or replaced by a duplicate in another language)."""
        duplicates = [d for d in self.documents if d.language == language and d.kind == "duplicate"
                      and d.status == "issued"]
        if duplicates:
            return duplicates[-1]
        for doc in self.documents:
            if doc.language == language and doc.kind == "original" and doc.status in ("reserved", "issued",
                                                                                       "replaced"):
                return doc
        return None

    @classmethod
    def from_row(cls, row: Any, docs: Sequence[Document] = ()) -> Entry:
        data = {k: v for k, v in dict(row._mapping).items() if k != "once_key"}
        return cls(**data, documents=tuple(docs))


@dataclass(frozen=True)
class Event:
    """One line of an award's history."""

    kind: str
    at: dt.datetime
    user: str
    reason: str | None = None
    detail: str | None = None
    number: str = ""
    #: a revocation's category (:data:`REVOCATION_CATEGORIES`), None before 0003 and for other events
    category: str | None = None


@dataclass(frozen=True)
class NewAward:
    """An award to record: its number, person and particulars. ``reuse`` is the id of a free
    (given back) number's row that this award takes."""

    number: str
    award: str
    sequence: int | None
    person_id: int | None
    once_only: bool
    date: dt.date
    name: str
    iin: str | None = None
    position: str | None = None
    organisation: str | None = None
    place: str | None = None
    issuer: str | None = None
    source: str = ""
    row: int | None = None
    status: str = "reserved"
    reuse: int | None = None


@dataclass(frozen=True)
class NewDocument:
    """A document to record for an award: reserved until its file lands (then issued)."""

    language: str
    name: str
    printed_on: dt.date
    kind: str = "original"
    payload: str | None = None
    form: PrintedForm | None = None
    status: str = "reserved"
    sha256: str | None = None
    file: str | None = None
    #: the lease of the run that prints it (:mod:`qujat.registry.leases`)
    reserved_by: str | None = None


def award_values(award: NewAward) -> dict[str, Any]:
    """The award table's columns for ``award`` (one row of an insert, or of a free row's update)."""
    return {"number": award.number, "award": award.award, "sequence": award.sequence,
            "person_id": award.person_id, "once_key": award.person_id if award.once_only else None,
            "status": award.status, "date": award.date, "name": award.name, "iin": award.iin,
            "position": award.position, "organisation": award.organisation, "place": award.place,
            "issuer": award.issuer, "source": award.source, "row": award.row,
            "issued_at": now() if award.status == "issued" else None}


def document_values(award_id: int, document: NewDocument) -> dict[str, Any]:
    """The document table's columns for ``document`` of award ``award_id``."""
    return {"award_id": award_id, "language": document.language, "kind": document.kind,
            "status": document.status, "printed_on": document.printed_on, "name": document.name,
            "sha256": document.sha256, "file": document.file, "payload": document.payload,
            "form": document.form.to_json() if document.form else None, "created_at": now(),
            "reserved_by": document.reserved_by}


#: Rows read from the database at a time when a long table is listed or exported.
STREAM_BLOCK = 1000


def numbered(number: str, *columns: Any) -> Any:
    """The query for ``columns`` of the award (never a free number) numbered ``number`` as
    written, else as one typed with look-alike letters, other digits or dashes, or small letters
    (:func:`qujat.identity.number_forms`): «а20–０００３» finds A20-0003."""
    written = number.strip()
    return (select(*columns).where(awards.c.number.in_(sorted({written, *number_forms(written)})),
                                   awards.c.status != "free")
            .order_by(case((awards.c.number == written, 0), else_=1), awards.c.id).limit(1))


class Registry:
    """An open award registry. Use :meth:`open`; close it (or use ``with``) when done."""

    def __init__(self, engine: Engine, path: Path | None, key_path: Path | None) -> None:
        self.engine = engine
        #: the SQLite file, None for PostgreSQL
        self.path = path
        #: the signing key file (None: a PostgreSQL registry opened without one)
        self.key_path = key_path
        #: whether this call created the registry
        self.created = False
        #: where the registry was found (given, a qujat.toml, the per-user default)
        self.origin = ""
        self._private_key: Ed25519PrivateKey | None = None
        self._meta: dict[str, str] | None = None

    # opening ------------------------------------------------------------------------------

    @classmethod
    def open(cls, url: str | os.PathLike[str] | Location | None = None, *, signing_key: str | Path | None = None,
             create: bool = False, new_series: bool = False) -> Registry:
        """Open the registry at ``url`` (a file, a URL, or None: :func:`qujat.registry.location.resolve`'s
        default: the nearest ``qujat.toml``'s, else the per-user one).

        ``signing_key`` is the key file (default: the location's, else beside a SQLite file).
        ``create`` makes a registry that does not exist yet, but never over a signing key that
        is already there (its registry was lost: restore it); ``new_series`` starts afresh
        anyway, moving the old key aside. An older schema is migrated (a SQLite file is first
        copied to ``<file>.before-<version>``)."""
        location = url if isinstance(url, Location) else resolve(str(url) if url is not None else None, signing_key)
        if isinstance(url, Location) and signing_key:
            location = Location(url.url, Path(signing_key), url.origin)
        engine, path = make_engine(location.url)
        key_path = location.signing_key or (keys.key_beside(path) if path is not None else None)
        registry = cls(engine, path, key_path)
        registry.origin = location.origin
        absent = path is not None and not path.exists()
        try:
            if create and location.origin == USER_DEFAULT and path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            if path is not None and ((create and not path.exists()) or (path.exists() and path.stat().st_size == 0)):
                with _creation_lock(path):  # one process creates it; the others wait, then open it
                    registry._check_file(create, new_series)
                    registry._prepare(create, new_series)
            else:
                registry._check_file(create, new_series)
                registry._prepare(create, new_series)
        except DBAPIError as exc:
            engine.dispose()
            raise registry_problem(registry.name, exc) from None
        except BaseException:
            engine.dispose()
            if absent and path is not None and path.exists() and path.stat().st_size == 0:
                for made in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                    made.unlink(missing_ok=True)  # the empty file connecting made: no registry was created
            raise
        return registry

    def _check_file(self, create: bool, new_series: bool) -> None:
        path = self.path
        if path is None:
            return
        if not path.exists():
            if not create:
                raise RegistryError(M_("no registry at %(path)s: create it with `generate registry init`, or give "
                                       "--registry (or a qujat.toml naming the office's registry)",
                                       code="registry.none", path=str(path)))
            if not path.parent.is_dir():
                raise RegistryError(M_("cannot create the registry %(path)s: no such folder", code="registry.no-folder",
                                       path=str(path)))
            # the key first, then the file again: a process creating the registry right now makes the
            # file before the key, so a key without a file is a registry that was lost
            if self.key_path is not None and self.key_path.exists() and not new_series and not path.exists():
                raise RegistryError(M_("the signing key %(key)s exists but its registry %(registry)s is missing or "
                                       "empty: %(restore)s", code="registry.lost", key=str(self.key_path),
                                       registry=self.name, restore=RESTORE))
        elif path.stat().st_size == 0:
            if not new_series:
                raise RegistryError(M_("the registry %(path)s is empty: %(restore)s", code="registry.empty",
                                       path=str(path),
                                       restore=RESTORE))
            for extra in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                extra.unlink(missing_ok=True)

    @property
    def name(self) -> str:
        """The registry as shown to a user: its file, or its URL without a password."""
        if self.path is not None:
            return str(self.path)
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        """Release the registry's connections."""
        self.engine.dispose()

    def __enter__(self) -> Registry:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _version(self, conn: Connection) -> str | None:
        if not inspect(conn).has_table(VERSION_TABLE):
            return None
        from sqlalchemy import column, table

        return conn.execute(select(func.max(table(VERSION_TABLE, column("version_num")).c.version_num))).scalar()

    def _prepare(self, create: bool, new_series: bool) -> None:
        """Bring the schema to :data:`HEAD` and make the signing key, unless both are done."""
        with self.reading() as conn:
            version = self._version(conn)
            if version == HEAD and self._load_meta(conn).get("public_key"):
                return
        if version is None and not create:
            raise RegistryError(M_("%(registry)s is not a qujat registry (create one with `generate registry init`)",
                                   code="registry.not-qujat", registry=self.name))
        if version is not None and version not in KNOWN_VERSIONS:
            raise RegistryError(M_("the registry %(registry)s is at schema %(version)s, newer than this qujat knows "
                                   "(%(head)s): upgrade qujat", code="registry.newer", registry=self.name,
                                   version=version, head=HEAD))
        if version is not None and version != HEAD and self.path is not None:  # a copy as it was, before
            self._copy_before_upgrade(version)
        with self.writing() as conn:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({ISSUE_LOCK})")
            version = self._version(conn)  # another process may have done it meanwhile
            fresh = version is None
            if fresh and self.key_path is not None and self.key_path.exists():
                if not new_series:
                    raise RegistryError(M_("the signing key %(key)s exists but its registry %(registry)s is missing or "
                                           "empty: %(restore)s", code="registry.lost", key=str(self.key_path),
                                           registry=self.name, restore=RESTORE))
                keys.retire(self.key_path)
            from alembic import command
            from alembic.config import Config

            config = Config()
            config.set_main_option("script_location", "qujat.registry:migrations")
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            self._meta = None
            if not self._load_meta(conn).get("public_key"):
                if self.key_path is None:
                    raise RegistryError(M_("a PostgreSQL registry needs its signing key named: signing_key in "
                                           "qujat.toml or $%(variable)s (the first use creates it there)",
                                           code="registry.postgres-key", variable=signing.KEY_VARIABLE))
                key = keys.load(self.key_path) if self.key_path.exists() else keys.create(self.key_path)
                conn.execute(insert(meta), [{"key": "public_key", "value": signing.public_key_pem(key)},
                                            {"key": "created", "value": now().isoformat()}])
                self.created = fresh
            self._meta = None

    def _copy_before_upgrade(self, version: str) -> None:
        assert self.path is not None
        target = self.path.with_name(f"{self.path.name}.before-{HEAD}")
        if not target.exists():
            self.backup(target)

    # transactions -------------------------------------------------------------------------

    @contextlib.contextmanager
    def _answered(self) -> Iterator[None]:
        """A database error inside the block as the one line it means (a registry away for now:
        exit 75; damaged or read-only: exit 2), see :func:`qujat.registry.engine.registry_problem`."""
        try:
            yield
        except DBAPIError as exc:
            raise registry_problem(self.name, exc) from None

    @contextlib.contextmanager
    def writing(self) -> Iterator[Connection]:
        """A transaction that may write: on SQLite ``BEGIN IMMEDIATE`` (one writer at a time,
        the others wait, at most $QUJAT_REGISTRY_WAIT, saying so), on PostgreSQL a lock timeout of
        as long; committed at the end of the block, rolled back on an exception."""
        with self._answered(), self.engine.connect() as conn:
            conn.info["qujat_write"] = True
            try:
                with conn.begin():
                    if conn.dialect.name == "postgresql":
                        conn.exec_driver_sql(f"SET LOCAL lock_timeout = {int(wait_seconds() * 1000)}")
                    yield conn
            finally:
                conn.info.pop("qujat_write", None)

    @contextlib.contextmanager
    def issuing(self) -> Iterator[Connection]:
        """A writing transaction that issues: on PostgreSQL it first takes the issuing lock, so
        that the person found, the once-per-person check and the number taken are one step for
        every office (SQLite's ``BEGIN IMMEDIATE`` already is); another office holding it is
        waited for, saying so, at most $QUJAT_REGISTRY_WAIT (then exit 75)."""
        with self.writing() as conn:
            if conn.dialect.name == "postgresql":
                self._issue_lock(conn)
            yield conn

    def _issue_lock(self, conn: Connection) -> None:
        """Take PostgreSQL's issuing lock, waiting in steps (a stop asked for is taken between
        them) for a session that holds it, and saying who."""
        wait = wait_seconds()
        deadline = time.monotonic() + wait
        holder = ""
        # each try waits a step under a lock timeout of its own (in a savepoint, which a timeout
        # rolls back): the lock passes over the moment it is let go, and the wait has its end
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = {int(POLL_SECONDS * 1000)}")
        while True:
            try:
                with conn.begin_nested():
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({ISSUE_LOCK})")
                break
            except OperationalError as exc:
                if not lock_timed_out(exc):
                    raise
            if not holder:
                holder = self._issue_lock_holder(conn)
                warnings.warn(QujatWarning(waiting_for(self.name, holder, wait)), stacklevel=4)
            if time.monotonic() > deadline:
                raise still_busy(self.name, holder, wait, session=True)
            stopping.check()
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = {int(wait * 1000)}")

    @staticmethod
    def _issue_lock_holder(conn: Connection) -> str:
        row = conn.exec_driver_sql(
            "SELECT a.pid, a.usename, a.client_addr, a.application_name FROM pg_locks l "
            "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted "
            f"AND l.classid = {ISSUE_LOCK >> 32} AND l.objid = {ISSUE_LOCK & 0xFFFFFFFF} AND l.objsubid = 1"
        ).first()
        if row is None:
            return M_("another session", code="registry.holder-session-unknown")
        holder = M_("session %(pid)s of %(user)s", code="registry.holder-session", pid=row.pid, user=row.usename)
        if row.client_addr:
            holder = M_("%(session)s from %(address)s", code="registry.holder-address", session=holder,
                        address=str(row.client_addr))
        return listed([holder, row.application_name]) if row.application_name else holder

    @contextlib.contextmanager
    def reading(self) -> Iterator[Connection]:
        """A read-only transaction (a consistent snapshot, taking no write lock)."""
        with self._answered(), self.engine.connect() as conn, conn.begin():
            yield conn

    # settings and keys --------------------------------------------------------------------

    def _load_meta(self, conn: Connection) -> dict[str, str]:
        if self._meta is None:
            self._meta = {row.key: row.value for row in conn.execute(select(meta))}
        return self._meta

    def settings(self) -> dict[str, str]:
        """The registry's settings (public key, verification URL, creation time)."""
        with self.reading() as conn:
            return dict(self._load_meta(conn))

    def set_setting(self, key: str, value: str | None) -> None:
        """Set (or with None remove) one of the registry's settings, e.g. ``verify_url``."""
        with self.writing() as conn:
            conn.execute(meta.delete().where(meta.c.key == key))
            if value is not None:
                conn.execute(insert(meta).values(key=key, value=value))
        self._meta = None

    @property
    def public_key(self) -> str:
        """The registry's public key, PEM."""
        return self.settings()["public_key"]

    def private_key(self) -> Ed25519PrivateKey:
        """The signing key, its mode checked, and checked against the public key the registry holds."""
        if self._private_key is None:
            if self.key_path is None:
                raise RegistryError(M_("issuing into a PostgreSQL registry needs its signing key: signing_key in "
                                       "qujat.toml or $%(variable)s", code="registry.postgres-issuing-key",
                                       variable=signing.KEY_VARIABLE))
            key = keys.load(self.key_path)
            if signing.public_key_pem(key) != self.public_key:
                raise RegistryError(M_("the signing key %(key)s does not belong to the registry %(registry)s: name the "
                                       "registry's own key ($QUJAT_SIGNING_KEY or signing_key in qujat.toml)",
                                       code="registry.foreign-key", key=str(self.key_path), registry=self.name))
            self._private_key = key
        return self._private_key

    # awards -------------------------------------------------------------------------------

    def _entries(self, conn: Connection, rows: Sequence[Any]) -> list[Entry]:
        """The awards of ``rows`` (awards' rows) with their documents."""
        if not rows:
            return []
        ids = [row.id for row in rows]
        docs: dict[int, list[Document]] = {}
        for start in range(0, len(ids), 500):
            for doc in conn.execute(select(documents).where(documents.c.award_id.in_(ids[start:start + 500]))
                                    .order_by(documents.c.id)):
                docs.setdefault(doc.award_id, []).append(Document.from_row(doc))
        return [Entry.from_row(row, docs.get(row.id, ())) for row in rows]

    def entries_of(self, conn: Connection, rows: Sequence[Any]) -> list[Entry]:
        """The awards of ``rows`` (rows of the awards table, read in ``conn``) with their documents."""
        return self._entries(conn, rows)

    def entry(self, conn: Connection, award_id: int) -> Entry:
        """The award with id ``award_id``."""
        row = conn.execute(select(awards).where(awards.c.id == award_id)).one()
        return self._entries(conn, [row])[0]

    def get(self, number: str, conn: Connection | None = None) -> Entry | None:
        """The award numbered ``number`` (never a free number), or None."""
        if conn is None:
            with self.reading() as own:
                return self.get(number, own)
        row = conn.execute(numbered(number, awards)).first()
        return self._entries(conn, [row])[0] if row else None

    def held(self, conn: Connection, award: str, person_id: int, once_only: bool, source: str = "",
             row: int | None = None) -> Entry | None:
        """The award of type ``award`` in force (reserved or issued) held by ``person_id``: any, for
        a once-only award; else the one issued for the same row of the same source."""
        query = select(awards).where(awards.c.award == award, awards.c.person_id == person_id,
                                     awards.c.status.in_(("reserved", "issued")))
        if not once_only:
            if not source or row is None:
                return None
            query = query.where(awards.c.source == source, awards.c.row == row)
        found = conn.execute(query.order_by(awards.c.id).limit(1)).first()
        return self._entries(conn, [found])[0] if found else None

    def awards_of(self, conn: Connection, person_ids: Sequence[int]) -> list[Entry]:
        """The awards in force of these persons, in number order."""
        if not person_ids:
            return []
        rows = conn.execute(select(awards).where(awards.c.person_id.in_(list(person_ids)),
                                                 awards.c.status.in_(("reserved", "issued")))
                            .order_by(awards.c.award, awards.c.sequence, awards.c.id)).fetchall()
        return self._entries(conn, rows)

    def record(self, conn: Connection, award: NewAward, document: NewDocument | None = None,
               event: str | None = None, detail: str | None = None) -> tuple[int, int | None]:
        """Record ``award`` (and its first ``document``) in ``conn``'s transaction; an
        ``event`` is logged at once (an award recorded as issued, e.g. imported). Returns the
        ids of the award and the document."""
        values = award_values(award)
        try:
            with conn.begin_nested() if conn.dialect.name == "postgresql" else contextlib.nullcontext():
                if award.reuse is not None:
                    conn.execute(update(awards).where(awards.c.id == award.reuse, awards.c.status == "free")
                                 .values(**values))
                    award_id = award.reuse
                else:
                    award_id = conn.execute(insert(awards).values(**values).returning(awards.c.id)).scalar_one()
        except IntegrityError as exc:
            if "once" in str(exc.orig):
                raise RegistryError(M_("the person already holds a '%(award)s' award: it is given once per person",
                                       code="registry.once", award=award.award)) from None
            raise RegistryError(M_("the number %(number)s is already in the registry", code="registry.number-taken",
                                   number=award.number)) from None
        document_id = self.add_document(conn, int(award_id), document) if document is not None else None
        if event:
            self.log(conn, int(award_id), event, detail=detail, document_id=document_id)
        return int(award_id), document_id

    def add_document(self, conn: Connection, award_id: int, document: NewDocument) -> int:
        """Record a document of award ``award_id``; returns its id."""
        return int(conn.execute(insert(documents).values(**document_values(award_id, document))
                                .returning(documents.c.id)).scalar_one())

    def log(self, conn: Connection, award_id: int, kind: str, reason: str | None = None,
            detail: str | None = None, document_id: int | None = None, category: str | None = None) -> None:
        """Append an event to an award's history."""
        conn.execute(insert(events).values(award_id=award_id, document_id=document_id, kind=kind, at=now(),
                                           user=_user(), reason=reason, detail=detail, category=category))

    def confirm(self, document_ids: Sequence[int], file: str, sha256: str) -> None:
        """The documents ``document_ids`` landed in ``file`` (SHA-256 ``sha256``): only now are
        they, and the awards they are the first document of, issued."""
        self.confirm_files([(document_ids, file, sha256)])

    def confirm_files(self, landed: Sequence[tuple[Sequence[int], str, str]]) -> None:
        """:meth:`confirm` for several files (``(document ids, file, sha256)`` each) in one transaction."""
        landed = [item for item in landed if item[0]]
        if not landed:
            return
        with self.writing() as conn:
            for document_ids, file, sha256 in landed:
                self._confirm(conn, document_ids, file, sha256)

    def _confirm(self, conn: Connection, document_ids: Sequence[int], file: str, sha256: str) -> None:
        for start in range(0, len(document_ids), 500):
            part = list(document_ids[start:start + 500])
            found = conn.execute(select(documents.c.id, documents.c.award_id, documents.c.language,
                                        documents.c.kind)
                                 .where(documents.c.id.in_(part), documents.c.status == "reserved")).fetchall()
            if not found:
                continue
            conn.execute(update(documents).where(documents.c.id.in_([d.id for d in found]))
                         .values(status="issued", sha256=sha256, file=file, reserved_by=None))
            award_ids = sorted({d.award_id for d in found})
            reserved = {row.id for row in conn.execute(select(awards.c.id).where(
                awards.c.id.in_(award_ids), awards.c.status == "reserved"))}
            conn.execute(update(awards).where(awards.c.id.in_(sorted(reserved)))
                         .values(status="issued", issued_at=now()))
            # one event a document, made by the database from the documents' rows (one statement,
            # not a row of parameters a document)
            kind = case((documents.c.award_id.in_(sorted(reserved)), literal("issued")),
                        (documents.c.kind == "duplicate", literal("duplicate issued")), else_=literal("document"))
            at = bindparam("at", now(), type_=events.c.at.type)
            detail = documents.c.language + literal(f" {file} sha256={sha256}")
            made = (select(documents.c.award_id, documents.c.id, kind, at, literal(_user(), events.c.user.type), detail)
                    .where(documents.c.id.in_([d.id for d in found])).order_by(documents.c.id))
            conn.execute(insert(events).from_select(["award_id", "document_id", "kind", "at", "user", "detail"],
                                                    made))

    def release(self, document_ids: Sequence[int], lease: str | None = None) -> None:
        """Give back what a failed run reserved: its documents are removed, and an award left
        without any document frees its number for the next award of the series. With ``lease``,
        only the documents that run's lease still holds (never another run's reservation)."""
        if not document_ids:
            return
        with self.writing() as conn:
            mine = documents.c.reserved_by == lease if lease is not None else true()
            found = conn.execute(select(documents.c.id, documents.c.award_id).where(
                documents.c.id.in_(list(document_ids)), documents.c.status == "reserved", mine)).fetchall()
            if not found:
                return
            conn.execute(documents.delete().where(documents.c.id.in_([d.id for d in found])))
            for award_id in sorted({d.award_id for d in found}):
                left = conn.execute(select(func.count()).select_from(documents)
                                    .where(documents.c.award_id == award_id)).scalar_one()
                logged = conn.execute(select(func.count()).select_from(events)
                                      .where(events.c.award_id == award_id)).scalar_one()
                if not left and not logged:
                    conn.execute(update(awards).where(awards.c.id == award_id, awards.c.status == "reserved")
                                 .values(status="free", person_id=None, once_key=None, source="", row=None))

    def history(self, number: str) -> list[Event]:
        """The events of award ``number``, oldest first."""
        with self.reading() as conn:
            rows = conn.execute(select(events.c.kind, events.c.at, events.c.user, events.c.reason, events.c.detail,
                                       awards.c.number, events.c.category)
                                .join(awards, awards.c.id == events.c.award_id)
                                .where(awards.c.number == number).order_by(events.c.id))
            return [Event(*row) for row in rows]

    def all_events(self) -> list[Event]:
        """Every event of the registry, oldest first, each with its award's number."""
        with self.reading() as conn:
            rows = conn.execute(select(events.c.kind, events.c.at, events.c.user, events.c.reason, events.c.detail,
                                       awards.c.number, events.c.category)
                                .join(awards, awards.c.id == events.c.award_id).order_by(events.c.id))
            return [Event(*row) for row in rows]

    def list(self, award: str | None = None, status: str | None = None, since: dt.date | None = None,
             name: str | None = None) -> builtins.list[Entry]:
        """Awards in number order (never free numbers), filtered by award, status, date (on or
        after) and a part of any of the holder's names (compared as folded keys, so case,
        script and spacing do not matter, on SQLite as on PostgreSQL)."""
        return builtins.list(self.entries(award, status, since, name))

    def _listed(self, award: str | None = None, status: str | None = None, since: dt.date | None = None,
                name: str | None = None) -> Any:
        """The awards :meth:`list` gives, as a query (in number order)."""
        conditions = [awards.c.status != "free"]
        if award:
            conditions.append(awards.c.award == award)
        if status:
            conditions.append(awards.c.status == status)
        if since:
            conditions.append(awards.c.date >= since)
        if name:
            conditions.append(awards.c.person_id.in_(holders_named(name)))
        return and_(*conditions)

    def entries(self, award: str | None = None, status: str | None = None, since: dt.date | None = None,
                name: str | None = None) -> Iterator[Entry]:
        """:meth:`list`, one award after another: the rows are read a block at a time, so a
        registry of 100,000 awards is listed in the memory of one block."""
        query = select(awards).where(self._listed(award, status, since, name)).order_by(
            awards.c.award, awards.c.sequence, awards.c.id)
        with self.reading() as conn:
            for block in conn.execute(query).yield_per(STREAM_BLOCK).partitions():
                yield from self._entries(conn, block)

    def journal(self, conn: Connection) -> tuple[Iterator[Any], Iterator[Any], Iterator[Any]]:
        """The journal's three tables, read in ``conn``'s transaction a block at a time (only the
        columns the journal shows): the awards in number order with their first document's
        language, file and SHA-256; every document of them, by award; every event."""
        first = (select(documents.c.award_id, func.min(documents.c.id).label("first_id"))
                 .group_by(documents.c.award_id).subquery())
        original = documents.alias("original")
        listed = self._listed()
        order = (awards.c.award, awards.c.sequence, awards.c.id)
        award_rows = conn.execute(
            select(awards.c.number, awards.c.award, awards.c.date, awards.c.name, awards.c.iin, awards.c.position,
                   awards.c.organisation, original.c.language, awards.c.place, awards.c.issuer, awards.c.status,
                   awards.c.source, awards.c.row, original.c.file, original.c.sha256, awards.c.issued_at)
            .select_from(awards.outerjoin(first, first.c.award_id == awards.c.id)
                         .outerjoin(original, original.c.id == first.c.first_id))
            .where(listed).order_by(*order)).yield_per(STREAM_BLOCK)
        document_rows = conn.execute(
            select(awards.c.number, documents.c.language, documents.c.kind, documents.c.status,
                   documents.c.printed_on, documents.c.name, documents.c.file, documents.c.sha256)
            .select_from(documents.join(awards, awards.c.id == documents.c.award_id))
            .where(listed).order_by(*order, documents.c.id)).yield_per(STREAM_BLOCK)
        event_rows = conn.execute(
            select(awards.c.number, events.c.kind, events.c.category, events.c.at, events.c.user, events.c.reason,
                   events.c.detail)
            .join(awards, awards.c.id == events.c.award_id).order_by(events.c.id)).yield_per(STREAM_BLOCK)
        return iter(award_rows), iter(document_rows), iter(event_rows)

    def revoke(self, number: str, reason: str, category: str | None = None) -> Entry:
        """Mark award ``number`` revoked, with ``reason`` (free text, the office's own) and
        ``category`` (one of :data:`REVOCATION_CATEGORIES`, what a public page shows; None: not
        given); a revoked one stays in the journal, and the person may be given the award again."""
        if not reason.strip():
            raise RegistryError(M_("give the reason for revoking (--reason)", code="revoke.no-reason"))
        if category is not None and category not in REVOCATION_CATEGORIES:
            raise RegistryError(M_("the category of a revocation is one of %(categories)s, not '%(category)s'",
                                   code="revoke.category", categories=", ".join(REVOCATION_CATEGORIES),
                                   category=category))
        with self.writing() as conn:
            entry = self.get(number, conn)
            if entry is None:
                raise RegistryError(M_("no certificate numbered %(number)s in the registry",
                                       code="registry.unknown-number", number=number))
            if entry.status == "revoked":
                raise RegistryError(M_("%(number)s is already revoked", code="revoke.already", number=number))
            if entry.status != "issued":
                raise RegistryError(M_("%(number)s is %(status)s, not issued: nothing to revoke",
                                       code="revoke.not-issued", number=number, status=entry.status))
            conn.execute(update(awards).where(awards.c.id == entry.id).values(status="revoked", once_key=None))
            self.log(conn, entry.id, "revoked", reason=reason.strip(), category=category)
            return self.entry(conn, entry.id)

    def series_next(self, award: str) -> int | None:
        """The next number of ``award``'s series, None before its first certificate."""
        with self.reading() as conn:
            return conn.execute(select(counters.c.next_value).where(counters.c.series == award)).scalar()

    def person_names(self, person_id: int) -> builtins.list[str]:
        """The names the office wrote for a person, oldest first."""
        with self.reading() as conn:
            return [row.name for row in conn.execute(select(person_names.c.name)
                                                     .where(person_names.c.person_id == person_id)
                                                     .order_by(person_names.c.id))]

    def person_iin(self, conn: Connection, person_id: int) -> str | None:
        return conn.execute(select(persons.c.iin).where(persons.c.id == person_id)).scalar()

    def backup(self, target: str | os.PathLike[str]) -> Path:
        """Copy a SQLite registry, consistently while others may be writing, to ``target``."""
        import sqlite3

        if self.path is None:
            raise RegistryError(M_("backup copies a SQLite registry; back a PostgreSQL registry up with pg_dump",
                                 code="backup.postgres"))
        destination = Path(target)
        if destination.exists():
            raise RegistryError(M_("%(path)s exists; give a new file", code="backup.exists", path=str(destination)))
        partial = destination.with_name(destination.name + ".partial")
        source = sqlite3.connect(str(self.path), timeout=wait_seconds())
        try:
            copy = sqlite3.connect(str(partial))
            try:
                source.backup(copy)
            finally:
                copy.close()
        finally:
            source.close()
        os.replace(partial, destination)
        return destination
