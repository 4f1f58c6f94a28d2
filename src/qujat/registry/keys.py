"""The registry's signing key: where it is (a path passed in, or beside a SQLite registry; never
the current folder by surprise), that only its owner can read it, and that it is the registry's.
"""
from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from qujat.errors import QujatError
from qujat.registry import signing

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


class KeyError_(QujatError):
    """The signing key is missing, unreadable, open to others or another registry's."""


def key_beside(database: Path) -> Path:
    """The key file kept beside a SQLite registry: ``qujat-registry.key`` for ``qujat-registry.sqlite3``."""
    return database.with_name(database.name.split(".")[0] + ".key")


def check_mode(path: Path) -> None:
    """Refuse a key file that users other than its owner may read or write."""
    if os.name != "posix":
        return
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError as exc:
        raise KeyError_(f"{path}: cannot read the signing key: {exc.strerror}") from None
    if mode & 0o077:
        raise KeyError_(f"{path}: the signing key is open to other users (mode {mode:04o}); only its owner may "
                        f"read it: chmod 600 {path}")


def load(path: Path) -> Ed25519PrivateKey:
    """The key at ``path``, its mode checked."""
    if not path.exists():
        raise KeyError_(f"the registry's signing key {path} is missing: copy it there from the backup, or name "
                        "it with $QUJAT_SIGNING_KEY or signing_key in qujat.toml")
    check_mode(path)
    return signing.load_private_key(path)


def create(path: Path) -> Ed25519PrivateKey:
    """A new key written to ``path`` (readable only by its owner), whole or not at all: written
    beside it, then linked into place, never over a key that is there."""
    key = signing.new_private_key()
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        signing.write_private_key(partial, key)
        try:
            os.link(partial, path)
        except FileExistsError:  # another process made it first
            return load(path)
    except OSError as exc:
        raise KeyError_(f"cannot create the signing key {path}: {exc.strerror}") from None
    finally:
        partial.unlink(missing_ok=True)
    return key


def retire(path: Path) -> Path | None:
    """Move an old key aside (``<key>.retired-<UTC time>``) before a new series; None if none."""
    if not path.exists():
        return None
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.retired-{stamp}")
    os.replace(path, target)
    return target
