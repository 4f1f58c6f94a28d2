"""Registry URLs and database engines: SQLite (WAL, one writer at a time) or PostgreSQL (psycopg 3).

Nothing here reads the environment: the command line reads ``$QUJAT_REGISTRY`` and passes it in.

>>> registry_url("postgresql://u@h/db")
'postgresql+psycopg://u@h/db'
"""
from __future__ import annotations

import getpass
import os
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from qujat import stopping
from qujat.errors import QujatError, QujatWarning, RunError, TemporaryError
from qujat.messages import M_, Message, listed
from qujat.settings import current as current_settings

#: Seconds a writer waits for another to finish before giving up (the settings' default).
BUSY_SECONDS = 60
#: How often a wait for a registry in use looks again (and whether the user asked to stop).
POLL_SECONDS = 0.25


class RegistryError(QujatError):
    """The registry cannot be opened, or refuses a change."""


def wait_seconds() -> float:
    """How long a run waits for a registry another run is writing to (the settings'
    ``registry_wait_seconds``; $QUJAT_REGISTRY_WAIT for the command)."""
    return current_settings().registry_wait_seconds


def lock_holders(path: Path) -> str:
    """Who holds a lock on the SQLite file ``path`` (or its ``-shm`` and ``-wal`` files), as far as
    the system says (Linux's /proc/locks): ``process 1234 (generate batch big.csv)``; else
    ``another process``."""
    wanted = set()
    for candidate in (path, path.with_name(path.name + "-shm"), path.with_name(path.name + "-wal")):
        try:
            st = candidate.stat()
        except OSError:
            continue
        wanted.add(f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}")
    found: list[int] = []
    try:
        with open("/proc/locks", encoding="ascii", errors="replace") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) >= 6 and parts[0].endswith(":") and parts[4].isdigit() and parts[5] in wanted:
                    pid = int(parts[4])
                    if pid != os.getpid() and pid > 0 and pid not in found:
                        found.append(pid)
    except OSError:
        return ANOTHER_PROCESS
    shown: list[str] = []
    for pid in found[:3]:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                words = fh.read().split(b"\0")
            command = " ".join(" ".join(w.decode("utf-8", "replace") for w in words if w).split())[:80]
        except OSError:
            command = ""
        shown.append(M_("process %(pid)s (%(command)s)", code="registry.holder-process", pid=pid, command=command)
                     if command else M_("process %(pid)s", code="registry.holder-pid", pid=pid))
    return listed(shown) or ANOTHER_PROCESS


#: Who holds the registry when the system does not say.
ANOTHER_PROCESS = M_("another process", code="registry.holder-unknown")


def _said_waiting(name: str, holder: str, wait: float) -> None:
    warnings.warn(QujatWarning(waiting_for(name, holder, wait)), stacklevel=4)


def waiting_for(name: str, holder: str, wait: float) -> Message:
    """The line a run waiting for a registry in use says, once."""
    return M_("the registry %(registry)s is in use by %(holder)s; waiting up to %(seconds)s s for it "
              "($QUJAT_REGISTRY_WAIT sets how long)", code="registry.waiting", registry=name, holder=holder,
              seconds=f"{wait:g}")


def still_busy(name: str, holder: str, wait: float, *, session: bool = False) -> TemporaryError:
    """The error of a run that waited for a registry in use as long as it may (exit 75): another
    run's, or (``session``) another database session's, which may be no run of qujat's."""
    values = {"registry": name, "holder": holder, "seconds": f"{wait:g}"}
    if session:
        return TemporaryError(M_("the registry %(registry)s is in use by %(holder)s, and stayed so for %(seconds)s s: "
                                 "nothing was recorded or written; run the same command again later (or give it "
                                 "longer with $QUJAT_REGISTRY_WAIT)", code="registry.still-busy-session", **values))
    return TemporaryError(M_("the registry %(registry)s is in use by %(holder)s, and stayed so for %(seconds)s s: "
                             "nothing was recorded or written; run the same command again when that run has "
                             "finished (or give it longer with $QUJAT_REGISTRY_WAIT)", code="registry.still-busy",
                             **values))


def registry_problem(name: str, exc: DBAPIError | Exception) -> RunError:
    """The one line a registry's database error is, by what it means to the user: a registry away
    for now (locked past the wait, a server that does not answer, a full disk) is a
    :class:`TemporaryError` (exit 75); a damaged or read-only file says how to restore it (exit 2)."""
    orig = getattr(exc, "orig", None) or exc
    reason = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    text = reason.lower()
    state = getattr(orig, "sqlstate", None) or ""
    if "database is locked" in text or "database table is locked" in text:
        return TemporaryError(M_("the registry %(registry)s is in use by another process (%(detail)s): nothing of this "
                                 "run was recorded that is not written; run the same command again when that run "
                                 "has finished", code="registry.locked", registry=name, detail=reason))
    if state == "55P03" or "lock timeout" in text:
        return TemporaryError(M_("the registry %(registry)s: another session held a lock the run needs for longer "
                                 "than %(seconds)s s (%(detail)s): nothing of this run was recorded that is not "
                                 "written; run the same command again later (or give it longer with "
                                 "$QUJAT_REGISTRY_WAIT)", code="registry.lock-timeout", registry=name,
                                 seconds=f"{wait_seconds():g}", detail=reason))
    if "disk i/o error" in text or "database or disk is full" in text or "no space" in text:
        return TemporaryError(M_("the registry %(registry)s could not be written (%(detail)s: the disk is full, or "
                                 "the file may not grow): nothing of this run was recorded that is not written; make "
                                 "room and run the same command again", code="registry.disk-full", registry=name,
                                 detail=reason))
    if ("malformed" in text or "file is not a database" in text or "not a database" in text
            or "database corrupt" in text):
        return RunError(M_("the registry %(registry)s is damaged (%(detail)s): restore it from its backup (`generate "
                           "registry backup` makes one) and its signing key with it, or start a new series with "
                           "`generate registry init --new-series`; nothing was recorded", code="registry.damaged",
                           registry=name, detail=reason))
    if "readonly" in text or "read-only" in text or "permission denied" in text:
        return RunError(M_("the registry %(registry)s cannot be written by the user %(user)s (%(detail)s): ask "
                           "whoever keeps it for the right to write it, or give --registry another one; nothing was "
                           "recorded", code="registry.read-only", registry=name, user=_user(), detail=reason))
    if "unable to open database file" in text:
        return RunError(M_("the registry %(registry)s cannot be opened (%(detail)s): check that its folder exists "
                           "and that the user %(user)s may write there", code="registry.unopenable", registry=name,
                           user=_user(), detail=reason))
    if state.startswith(("08", "57")) or getattr(exc, "connection_invalidated", False) or _connection_lost(text):
        return TemporaryError(M_("the registry %(registry)s cannot be reached (%(detail)s): check that its database "
                                 "server is running and reachable, then run the same command again; nothing of this "
                                 "run was recorded that is not written", code="registry.unreachable", registry=name,
                                 detail=reason))
    return RunError(M_("the registry %(registry)s failed (%(detail)s); nothing of this run was recorded that is not "
                       "written", code="registry.failed", registry=name, detail=reason))


def lock_timed_out(exc: Exception) -> bool:
    """Whether a database error is PostgreSQL's lock timeout (SQLSTATE 55P03)."""
    return getattr(getattr(exc, "orig", None), "sqlstate", None) == "55P03"


def _connection_lost(text: str) -> bool:
    return any(words in text for words in ("connection refused", "server closed the connection", "connection to server",
                                            "terminating connection", "could not connect", "connection timeout",
                                            "consuming input failed", "the connection is closed", "no route to host",
                                            "timeout expired", "connection is lost"))


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid()) if hasattr(os, "getuid") else "?"


def engine_name(engine: Engine) -> str:
    """The registry as shown to a user: its file, or its URL without a password."""
    if engine.url.get_backend_name() == "sqlite" and engine.url.database:
        return engine.url.database
    return engine.url.render_as_string(hide_password=True)


def registry_url(value: str | os.PathLike[str]) -> str:
    """The SQLAlchemy URL of a registry given as a URL or a file path; ``postgresql://`` uses psycopg 3."""
    text = str(value)
    if "://" not in text:
        return "sqlite:///" + str(Path(text).expanduser().resolve())
    for plain in ("postgresql://", "postgres://"):
        if text.startswith(plain):
            return "postgresql+psycopg://" + text[len(plain):]
    return text


def make_engine(value: str | os.PathLike[str]) -> tuple[Engine, Path | None]:
    """An engine for the registry at ``value`` and its SQLite file (None for PostgreSQL or memory)."""
    full = registry_url(value)
    try:
        parsed = make_url(full)
    except Exception:
        raise RegistryError(M_("not a registry URL: %(url)s", code="registry.bad-url", url=value)) from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database or ""
        path = Path(database) if database and database != ":memory:" else None
        engine = create_engine(full, connect_args={"timeout": wait_seconds()})
        _sqlite_events(engine)
        return engine, path
    if backend == "postgresql":
        return create_engine(full, pool_pre_ping=False), None
    raise RegistryError(M_("unsupported registry database '%(backend)s': use a SQLite file or postgresql://",
                           code="registry.backend", backend=backend))


def _retry_locked(statement: Callable[[], object], path: Path | None = None) -> None:
    """Run ``statement``, waiting while another process holds the lock it needs (switching to WAL
    takes the whole file, and SQLite's busy wait does not cover it): saying so once, taking a stop
    asked for (Ctrl-C) between tries, and giving up after :func:`wait_seconds` (exit 75)."""
    import sqlite3

    wait = wait_seconds()
    deadline = time.monotonic() + wait
    said = ""
    while True:
        try:
            statement()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc):
                raise
            name = str(path) if path is not None else M_("(the registry)", code="registry.unnamed")
            if not said:
                said = lock_holders(path) if path is not None else ANOTHER_PROCESS
                _said_waiting(name, said, wait)
            if time.monotonic() > deadline:
                raise still_busy(name, said, wait) from None
            stopping.check()
            time.sleep(POLL_SECONDS)


def _sqlite_events(engine: Engine) -> None:
    """WAL, a wait for busy writers, foreign keys; ``BEGIN IMMEDIATE`` for writing transactions."""

    path = Path(engine.url.database) if engine.url.database else None

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.isolation_level = None  # transactions are begun below, not by the driver
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(POLL_SECONDS * 1000)}")
        _retry_locked(lambda: cursor.execute("PRAGMA journal_mode = WAL"), path)
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {int(wait_seconds() * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        if not conn.info.get("qujat_write"):
            conn.exec_driver_sql("BEGIN")
            return
        # one writer at a time: a registry another run is writing to is waited for in steps,
        # saying so, so that Ctrl-C is taken and the wait has its end (exit 75)
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.execute(f"PRAGMA busy_timeout = {int(POLL_SECONDS * 1000)}")
        try:
            _retry_locked(lambda: raw.execute("BEGIN IMMEDIATE"), path)
        finally:
            raw.execute(f"PRAGMA busy_timeout = {int(wait_seconds() * 1000)}")
