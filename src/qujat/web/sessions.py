"""The desk's sessions kept across a restart: the cookie's signing secret in a file of its own
(made once, readable by its owner only) and, on the server, the sessions still open (a hash of
each one's id, its clerk and when it began), both beside a SQLite registry
(``office.sqlite3`` -> ``office.desk-secret``, ``office.desk-sessions.json``).

A cookie is taken only when its signature is good (the secret) *and* its session is still in
the store: signing out ends it on the server too, a session older than its lifetime is
dropped, and removing an account ends that clerk's sessions (:meth:`SessionStore.known`).

>>> import tempfile, pathlib
>>> store = SessionStore(pathlib.Path(tempfile.mkdtemp()) / "office.desk-sessions.json", 3600)
>>> store.add("0" * 32, "aigerim", now=1000.0)
>>> store.known("0" * 32, "aigerim", now=2000.0), store.known("0" * 32, "olzhas", now=2000.0)
(True, False)
>>> store.known("0" * 32, "aigerim", now=5000.0)
False
"""
from __future__ import annotations

import hashlib
import json
import os
import secrets
import threading
import time
from pathlib import Path

from qujat.output import atomic_path


def sessions_beside(registry_file: Path) -> Path:
    """The sessions file of a SQLite registry: ``office.sqlite3`` -> ``office.desk-sessions.json``."""
    return registry_file.with_name(registry_file.stem + ".desk-sessions.json")


def kept_secret(path: Path) -> str:
    """The cookies' signing secret kept in ``path``: read, or made (owner-only) when there is none."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    made = secrets.token_urlsafe(48)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(made + "\n")
    return made


def _key(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()  # the file holds no id a cookie could be made from


class SessionStore:
    """The open sessions, in ``path``: ``{sha256(sid): {"user": …, "since": seconds}}``."""

    def __init__(self, path: Path, lifetime: float) -> None:
        self.path, self.lifetime = path, lifetime
        self._lock = threading.Lock()

    @property
    def secret_path(self) -> Path:
        """The cookies' secret's file, beside the store."""
        return self.path.with_name(self.path.name.replace(".desk-sessions.json", "") + ".desk-secret")

    def _read(self) -> dict[str, dict[str, object]]:
        if not self.path.is_file():
            return {}
        data = json.loads(self.path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}

    def _write(self, sessions: dict[str, dict[str, object]]) -> None:
        with atomic_path(self.path) as tmp:
            tmp.write_text(json.dumps(sessions, sort_keys=True), encoding="utf-8")
        os.chmod(self.path, 0o600)

    def add(self, sid: str, user: str, now: float | None = None) -> None:
        """Open the session ``sid`` of ``user`` (sessions past their lifetime are dropped)."""
        moment = time.time() if now is None else now
        with self._lock:
            sessions = {k: v for k, v in self._read().items() if moment - float(v["since"]) < self.lifetime}  # type: ignore[arg-type]
            sessions[_key(sid)] = {"user": user, "since": moment}
            self._write(sessions)

    def known(self, sid: str, user: str, now: float | None = None) -> bool:
        """Whether ``sid`` is an open session of ``user``, begun less than its lifetime ago."""
        moment = time.time() if now is None else now
        found = self._read().get(_key(sid))
        return (found is not None and found.get("user") == user
                and moment - float(found.get("since", 0)) < self.lifetime)  # type: ignore[arg-type]

    def remove(self, sid: str) -> None:
        """End the session ``sid``."""
        with self._lock:
            sessions = self._read()
            if sessions.pop(_key(sid), None) is not None:
                self._write(sessions)
