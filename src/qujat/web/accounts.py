"""The desk's accounts, for a regional office's server: one per person, each a name and an
argon2id hash of the password, kept in a file beside the registry (``<registry>.accounts.json``,
mode 0600; never in the registry, whose copies travel further than the server's disk).

>>> import tempfile, pathlib
>>> book = Accounts(pathlib.Path(tempfile.mkdtemp()) / "office.accounts.json")
>>> book.add("aigerim", "долгий пароль 2018")
>>> book.check("aigerim", "долгий пароль 2018"), book.check("aigerim", "wrong"), book.check("nobody", "x")
(True, False, False)
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from qujat.errors import UsageError
from qujat.output import write_atomic

_NAME = re.compile(r"[\w.@-]{1,64}")
#: The shortest password taken.
MIN_PASSWORD = 10
_HASHER = PasswordHasher()
#: Checked against when the name is unknown, so that an unknown name takes as long as a wrong password.
_DUMMY = _HASHER.hash("not a password of anyone's")


def accounts_beside(registry_file: Path) -> Path:
    """The accounts file of a SQLite registry: ``office.sqlite3`` -> ``office.accounts.json``."""
    return registry_file.with_name(registry_file.stem + ".accounts.json")


class Accounts:
    """The accounts file: names and their password hashes."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _read(self) -> dict[str, str]:
        if not self.path.is_file():
            return {}
        data = json.loads(self.path.read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in data.get("accounts", {}).items()}

    def names(self) -> list[str]:
        """The account names, sorted."""
        return sorted(self._read())

    def add(self, name: str, password: str) -> None:
        """Add the account ``name`` (or set its new password); :class:`UsageError` for a name that is
        not letters, digits and ``.@-_``, or a password shorter than :data:`MIN_PASSWORD`."""
        if not _NAME.fullmatch(name):
            raise UsageError(f"an account name is 1-64 letters, digits, '.', '@', '-' or '_', not '{name}'")
        if len(password) < MIN_PASSWORD:
            raise UsageError(f"a password has at least {MIN_PASSWORD} characters")
        found = self._read()
        found[name] = _HASHER.hash(password)
        self._write(found)

    def remove(self, name: str) -> bool:
        """Remove the account ``name``; whether there was one."""
        found = self._read()
        if found.pop(name, None) is None:
            return False
        self._write(found)
        return True

    def _write(self, found: dict[str, str]) -> None:
        write_atomic(self.path, json.dumps({"accounts": found}, ensure_ascii=False, indent=1).encode())
        os.chmod(self.path, 0o600)

    def check(self, name: str, password: str) -> bool:
        """Whether ``password`` is the password of the account ``name``."""
        stored = self._read().get(name)
        try:
            return _HASHER.verify(stored or _DUMMY, password) and stored is not None
        except (VerificationError, InvalidHashError):
            return False

    def __bool__(self) -> bool:
        return bool(self._read())
