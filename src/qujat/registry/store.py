"""The award registry: every certificate issued, its number, its person, its events.

SQLite by default (``qujat-registry.sqlite3`` in the current folder, WAL mode), PostgreSQL for
a registry shared by several offices. A registry is opened with :meth:`Registry.open`, which
creates and migrates it on first use and makes its signing key.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with Registry.open(folder / "registry.sqlite3") as reg:
...     reg.list()
[]
"""
from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, and_, create_engine, event, func, insert, inspect, or_, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, OperationalError

from qujat.errors import QujatError
from qujat.registry import signing
from qujat.registry.persons import name_key
from qujat.registry.schema import certificates, counters, events, meta

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

#: The registry file in the current folder when neither --registry nor $QUJAT_REGISTRY says.
DEFAULT_FILE = "qujat-registry.sqlite3"
REGISTRY_VARIABLE = "QUJAT_REGISTRY"
#: The newest migration; a registry at it needs no Alembic at all when opened.
HEAD = "0001"
VERSION_TABLE = "qujat_alembic_version"
#: Seconds a writer waits for another to finish before giving up.
BUSY_SECONDS = 120
STATUSES = ("issued", "revoked")


class RegistryError(QujatError):
    """The registry cannot be opened, or refuses a change."""


def registry_url(value: str | os.PathLike[str] | None = None) -> str:
    """The SQLAlchemy URL of a registry given as a URL, a file path, $QUJAT_REGISTRY or nothing
    (the default file in the current folder); ``postgresql://`` uses psycopg 3."""
    text = str(value or os.environ.get(REGISTRY_VARIABLE) or DEFAULT_FILE)
    if "://" not in text:
        return "sqlite:///" + str(Path(text).expanduser().resolve())
    for plain in ("postgresql://", "postgres://"):
        if text.startswith(plain):
            return "postgresql+psycopg://" + text[len(plain):]
    return text


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid()) if hasattr(os, "getuid") else "unknown"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


@dataclass(frozen=True)
class Entry:
    """One certificate as the registry holds it."""

    id: int
    number: str
    award: str
    sequence: int | None
    name: str
    person_key: str
    iin: str | None
    position: str | None
    organisation: str | None
    language: str
    date: dt.date
    place: str | None
    issuer: str | None
    source: str
    row: int | None
    sha256: str | None
    file: str | None
    status: str
    payload: str | None
    content: dict[str, Any] = field(default_factory=dict)
    issued_at: dt.datetime | None = None

    @classmethod
    def from_row(cls, row: Any) -> Entry:
        data = dict(row._mapping)
        data["content"] = json.loads(data["content"]) if data.get("content") else {}
        return cls(**data)


@dataclass(frozen=True)
class Event:
    """One line of a certificate's history."""

    kind: str
    at: dt.datetime
    user: str
    reason: str | None = None
    detail: str | None = None


class Registry:
    """An open award registry. Use :meth:`open`; close it (or use ``with``) when done."""

    def __init__(self, engine: Engine, path: Path | None, created: bool) -> None:
        self.engine = engine
        #: the SQLite file, None for PostgreSQL
        self.path = path
        #: whether this call created the registry
        self.created = created
        self._private_key: Ed25519PrivateKey | None = None
        self._meta: dict[str, str] | None = None

    # opening ------------------------------------------------------------------------------

    @classmethod
    def open(cls, url: str | os.PathLike[str] | None = None, create: bool = True) -> Registry:
        """Open (``create``: creating and migrating on first use) the registry at ``url``:
        a URL, a file path, or $QUJAT_REGISTRY / ``qujat-registry.sqlite3`` here by default."""
        full = registry_url(url)
        try:
            parsed = make_url(full)
        except Exception:
            raise RegistryError(f"not a registry URL: {url}") from None
        path: Path | None = None
        created = False
        if parsed.get_backend_name() == "sqlite":
            database = parsed.database or ""
            if database and database != ":memory:":
                path = Path(database)
                created = not path.exists()
                if created and not create:
                    raise RegistryError(f"no registry at {path}: issue a certificate or run "
                                        "`generate registry init` first, or give --registry")
                if not path.parent.is_dir():
                    raise RegistryError(f"cannot create the registry {path}: no such folder")
            engine = create_engine(full, connect_args={"timeout": BUSY_SECONDS})
            _sqlite_events(engine)
        elif parsed.get_backend_name() == "postgresql":
            engine = create_engine(full, pool_pre_ping=False)
        else:
            raise RegistryError(f"unsupported registry database '{parsed.get_backend_name()}': use a SQLite "
                                "file or postgresql://")
        registry = cls(engine, path, created)
        try:
            registry._prepare(create)
        except OperationalError as exc:
            engine.dispose()
            raise RegistryError(f"cannot open the registry {registry.name}: "
                                f"{str(exc.orig).strip().splitlines()[0]}") from None
        except BaseException:
            engine.dispose()
            raise
        return registry

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

    def _prepare(self, create: bool) -> None:
        """Bring the schema to :data:`HEAD` and make the signing key, unless both are done."""
        with self.reading() as conn:
            if inspect(conn).has_table(VERSION_TABLE):
                version = conn.execute(select(func.max(_version_column()))).scalar()
                if version == HEAD and self._load_meta(conn).get("public_key"):
                    return
        if not create:
            raise RegistryError(f"{self.name} is not a qujat registry (run `generate registry init`)")
        with self.writing() as conn:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(727400001)")
            from alembic import command
            from alembic.config import Config

            config = Config()
            config.set_main_option("script_location", "qujat.registry:migrations")
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            if not self._load_meta(conn).get("public_key"):
                key = self._key_for_new_registry()
                conn.execute(insert(meta), [{"key": "public_key", "value": signing.public_key_pem(key)},
                                            {"key": "created", "value": _now().isoformat()}])
            self._meta = None

    # transactions -------------------------------------------------------------------------

    @contextlib.contextmanager
    def writing(self) -> Iterator[Connection]:
        """A transaction that may write: on SQLite ``BEGIN IMMEDIATE`` (one writer at a time,
        the others wait), committed at the end of the block, rolled back on an exception."""
        with self.engine.connect() as conn:
            conn.info["qujat_write"] = True
            try:
                with conn.begin():
                    yield conn
            finally:
                conn.info.pop("qujat_write", None)

    @contextlib.contextmanager
    def reading(self) -> Iterator[Connection]:
        """A read-only transaction (a consistent snapshot, taking no write lock)."""
        with self.engine.connect() as conn, conn.begin():
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

    @property
    def key_path(self) -> Path:
        """Where the private key is: $QUJAT_SIGNING_KEY, else beside the SQLite file, else in the
        current folder."""
        if os.environ.get(signing.KEY_VARIABLE):
            return Path(os.environ[signing.KEY_VARIABLE]).expanduser()
        if self.path is not None:
            return self.path.with_name(self.path.name.split(".")[0] + ".key")
        return Path.cwd() / "qujat-registry.key"

    def _key_for_new_registry(self) -> Ed25519PrivateKey:
        path = self.key_path
        if path.exists():
            return signing.load_private_key(path)
        key = signing.new_private_key()
        try:
            signing.write_private_key(path, key)
        except FileExistsError:  # another process made it first
            return signing.load_private_key(path)
        except OSError as exc:
            raise RegistryError(f"cannot create the signing key {path}: {exc.strerror}") from None
        return key

    def private_key(self) -> Ed25519PrivateKey:
        """The signing key, checked against the public key the registry holds."""
        if self._private_key is None:
            path = self.key_path
            if not path.exists():
                raise RegistryError(f"the registry's signing key {path} is missing: copy it here or set "
                                    f"${signing.KEY_VARIABLE}")
            key = signing.load_private_key(path)
            if signing.public_key_pem(key) != self.public_key:
                raise RegistryError(f"the signing key {path} does not belong to the registry {self.name}")
            self._private_key = key
        return self._private_key

    # certificates -------------------------------------------------------------------------

    def get(self, number: str, conn: Connection | None = None) -> Entry | None:
        """The certificate numbered ``number``, or None."""
        if conn is None:
            with self.reading() as own:
                return self.get(number, own)
        row = conn.execute(select(certificates).where(certificates.c.number == number.strip())).first()
        return Entry.from_row(row) if row else None

    def holder(self, conn: Connection, award: str, person_key: str) -> Entry | None:
        """The certificate in force of ``award`` held by the person ``person_key``, or None."""
        row = conn.execute(select(certificates).where(
            certificates.c.award == award, certificates.c.person_key == person_key,
            certificates.c.status == "issued").order_by(certificates.c.id).limit(1)).first()
        return Entry.from_row(row) if row else None

    def from_source(self, conn: Connection, award: str, person_key: str, source: str, row: int | None
                    ) -> Entry | None:
        """The certificate issued earlier for the same row of the same record or list, or None."""
        if not source or row is None:
            return None
        found = conn.execute(select(certificates).where(
            certificates.c.award == award, certificates.c.person_key == person_key,
            certificates.c.source == source, certificates.c.row == row,
            certificates.c.status == "issued").limit(1)).first()
        return Entry.from_row(found) if found else None

    def record(self, conn: Connection, values: dict[str, Any], kind: str = "issued", detail: str | None = None
               ) -> int:
        """Insert a certificate (``values`` are its columns) and its first event, in ``conn``'s
        transaction; returns its id."""
        values = {**values, "issued_at": values.get("issued_at") or _now()}
        if isinstance(values.get("content"), dict):
            values["content"] = json.dumps(values["content"], ensure_ascii=False, sort_keys=True)
        try:
            with conn.begin_nested() if conn.dialect.name == "postgresql" else contextlib.nullcontext():
                new_id = conn.execute(insert(certificates).values(**values)
                                      .returning(certificates.c.id)).scalar_one()
        except IntegrityError:
            raise RegistryError(f"the number {values['number']} is already in the registry") from None
        self.log(conn, new_id, kind, detail=detail)
        return int(new_id)

    def log(self, conn: Connection, certificate_id: int, kind: str, reason: str | None = None,
            detail: str | None = None) -> None:
        """Append an event to a certificate's history."""
        conn.execute(insert(events).values(certificate_id=certificate_id, kind=kind, at=_now(), user=_user(),
                                           reason=reason, detail=detail))

    def written(self, numbers: Sequence[str], file: str, sha256: str) -> None:
        """Note the file (and its SHA-256) the certificates ``numbers`` were printed into."""
        if not numbers:
            return
        with self.writing() as conn:
            for start in range(0, len(numbers), 500):
                conn.execute(update(certificates).where(certificates.c.number.in_(numbers[start:start + 500]),
                                                        certificates.c.sha256.is_(None))
                             .values(sha256=sha256, file=file))

    def history(self, number: str) -> list[Event]:
        """The events of certificate ``number``, oldest first."""
        with self.reading() as conn:
            rows = conn.execute(select(events.c.kind, events.c.at, events.c.user, events.c.reason, events.c.detail)
                                .join(certificates, certificates.c.id == events.c.certificate_id)
                                .where(certificates.c.number == number).order_by(events.c.id))
            return [Event(*row) for row in rows]

    def list(self, award: str | None = None, status: str | None = None, since: dt.date | None = None,
             name: str | None = None) -> list[Entry]:
        """Certificates in number order, filtered by award, status, date (on or after) and a
        part of the name (compared as name keys)."""

        query = select(certificates).order_by(certificates.c.award, certificates.c.sequence, certificates.c.id)
        conditions = []
        if award:
            conditions.append(certificates.c.award == award)
        if status:
            conditions.append(certificates.c.status == status)
        if since:
            conditions.append(certificates.c.date >= since)
        if name:
            key = name_key(name).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            conditions.append(or_(certificates.c.person_key.like(f"name:%{key}%", escape="\\"),
                                  func.lower(certificates.c.name).like(f"%{name.lower()}%")))
        if conditions:
            query = query.where(and_(*conditions))
        with self.reading() as conn:
            return [Entry.from_row(row) for row in conn.execute(query)]

    def revoke(self, number: str, reason: str) -> Entry:
        """Mark certificate ``number`` revoked, with ``reason``; a revoked one stays in the journal."""
        if not reason.strip():
            raise RegistryError("give the reason for revoking (--reason)")
        with self.writing() as conn:
            entry = self.get(number, conn)
            if entry is None:
                raise RegistryError(f"no certificate numbered {number} in the registry")
            if entry.status == "revoked":
                raise RegistryError(f"{number} is already revoked")
            conn.execute(update(certificates).where(certificates.c.id == entry.id).values(status="revoked"))
            self.log(conn, entry.id, "revoked", reason=reason.strip())
        found = self.get(number)
        assert found is not None
        return found

    def series_next(self, award: str) -> int | None:
        """The next number of ``award``'s series, None before its first certificate."""
        with self.reading() as conn:
            return conn.execute(select(counters.c.next_value).where(counters.c.series == award)).scalar()

    def backup(self, target: str | os.PathLike[str]) -> Path:
        """Copy a SQLite registry, consistently while others may be writing, to ``target``."""
        import sqlite3

        if self.path is None:
            raise RegistryError("backup copies a SQLite registry; back a PostgreSQL registry up with pg_dump")
        destination = Path(target)
        if destination.exists():
            raise RegistryError(f"{destination} exists; give a new file")
        partial = destination.with_name(destination.name + ".partial")
        source = sqlite3.connect(str(self.path), timeout=BUSY_SECONDS)
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


def _version_column() -> Any:
    from sqlalchemy import column, table

    return table(VERSION_TABLE, column("version_num")).c.version_num


def _sqlite_events(engine: Engine) -> None:
    """WAL, a wait for busy writers, foreign keys; ``BEGIN IMMEDIATE`` for writing transactions."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.isolation_level = None  # transactions are begun below, not by the driver
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_SECONDS * 1000}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("qujat_write") else "BEGIN")
