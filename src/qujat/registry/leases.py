"""Which run a reservation belongs to, and whether that run is still going: a run's lease.

A run that reserves numbers holds a lease for as long as it runs: on PostgreSQL a session
advisory lock (the server lets it go when the session ends, however the run ended), on SQLite
an exclusive lock on a file in ``<registry>.runs/`` (the system lets it go when the process
ends). Each document a run reserves records the run's lease. Another run takes a reservation
over only when its lease is free (the run was killed or cut off), and a run that stops gives
back only what its own lease holds: two runs printing the same people at once never take, nor
give back, each other's numbers.
"""
from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection

#: The first key of the two-key advisory locks of PostgreSQL leases (the second is the lease).
LEASE_CLASS = 7274


def _folder(registry_path: Path) -> Path:
    return registry_path.with_name(registry_path.name + ".runs")


def _flock(handle: IO[bytes], wait: bool) -> bool:
    """Lock ``handle`` exclusively; False when another process holds it (``wait`` False)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no lease; a reservation is taken as an ended run's
        return True
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True


class Lease:
    """This run's lease on ``registry`` (a :class:`qujat.registry.store.Registry`), held from
    :meth:`hold` until :meth:`end`."""

    def __init__(self, registry: Any) -> None:
        self.registry = registry
        self.token = str(secrets.randbelow(2**31 - 2) + 1)
        self._handle: IO[bytes] | None = None
        self._conn: Connection | None = None

    @property
    def held(self) -> bool:
        return self._handle is not None or self._conn is not None

    def hold(self) -> str:
        """Take the lease (once); returns its token, what reserved documents record."""
        if self.held:
            return self.token
        path: Path | None = self.registry.path
        if path is None:
            conn = self.registry.engine.connect()
            conn.exec_driver_sql(f"SELECT pg_advisory_lock({LEASE_CLASS}, {self.token})")
            conn.commit()
            self._conn = conn
        else:
            folder = _folder(path)
            folder.mkdir(exist_ok=True)
            _sweep(folder)
            file = folder / self.token
            while True:  # another run's sweep may remove the file between its opening and its lock
                handle = open(file, "wb")  # noqa: SIM115 - held until end()
                _flock(handle, wait=True)
                with contextlib.suppress(FileNotFoundError):
                    if os.stat(file).st_ino == os.fstat(handle.fileno()).st_ino:
                        break
                handle.close()
            self._handle = handle
        return self.token

    def end(self) -> None:
        """Let the lease go (the run has confirmed or given back what it reserved)."""
        if self._conn is not None:
            conn, self._conn = self._conn, None
            with contextlib.suppress(Exception):  # a server gone has let it go already
                conn.exec_driver_sql(f"SELECT pg_advisory_unlock({LEASE_CLASS}, {self.token})")
                conn.commit()
            with contextlib.suppress(Exception):
                conn.close()
        if self._handle is not None:
            handle, self._handle = self._handle, None
            with contextlib.suppress(OSError):
                os.unlink(handle.name)
            handle.close()


def _sweep(folder: Path) -> None:
    """Remove the lease files of runs that ended without removing theirs (killed)."""
    for file in folder.iterdir():
        try:
            with open(file, "r+b") as handle:
                if _flock(handle, wait=False):
                    file.unlink()
        except OSError:
            continue


def running(registry: Any, conn: Connection, token: str | None) -> bool:
    """Whether the run whose lease is ``token`` is still going (None: a reservation made before
    leases, taken as an ended run's)."""
    if not token or not token.isdigit():
        return False
    path: Path | None = registry.path
    if path is None:
        free = conn.exec_driver_sql(f"SELECT pg_try_advisory_lock({LEASE_CLASS}, {int(token)})").scalar()
        if free:
            conn.exec_driver_sql(f"SELECT pg_advisory_unlock({LEASE_CLASS}, {int(token)})")
        return not free
    file = _folder(path) / token
    try:
        handle = open(file, "r+b")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        return False
    with handle:
        if not _flock(handle, wait=False):
            return True
        with contextlib.suppress(OSError):
            file.unlink()  # a killed run's: nobody holds it
        return False
