"""Registry URLs and database engines: SQLite (WAL, one writer at a time) or PostgreSQL (psycopg 3).

Nothing here reads the environment: the command line reads ``$QUJAT_REGISTRY`` and passes it in.

>>> registry_url("postgresql://u@h/db")
'postgresql+psycopg://u@h/db'
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url

from qujat.errors import QujatError

#: Seconds a writer waits for another to finish before giving up.
BUSY_SECONDS = 120


class RegistryError(QujatError):
    """The registry cannot be opened, or refuses a change."""


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
        raise RegistryError(f"not a registry URL: {value}") from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database or ""
        path = Path(database) if database and database != ":memory:" else None
        engine = create_engine(full, connect_args={"timeout": BUSY_SECONDS})
        _sqlite_events(engine)
        return engine, path
    if backend == "postgresql":
        return create_engine(full, pool_pre_ping=False), None
    raise RegistryError(f"unsupported registry database '{backend}': use a SQLite file or postgresql://")


def _retry_locked(statement: Callable[[], object]) -> None:
    """Run ``statement``, waiting while another process holds the lock it needs (switching to WAL
    takes the whole file, and SQLite's busy wait does not cover it)."""
    import sqlite3
    import time

    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            statement()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _sqlite_events(engine: Engine) -> None:
    """WAL, a wait for busy writers, foreign keys; ``BEGIN IMMEDIATE`` for writing transactions."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.isolation_level = None  # transactions are begun below, not by the driver
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_SECONDS * 1000}")
        _retry_locked(lambda: cursor.execute("PRAGMA journal_mode = WAL"))
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("qujat_write") else "BEGIN")
