"""Writing results safely: atomic replace, no half-written files, safe names from data."""
from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

from .errors import Location, OutputError

_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    A crash or Ctrl-C leaves the old file or the new one, never half of one; a symlink at
    ``path`` is replaced, not followed. Raises :class:`OutputError` when it cannot write.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the folder: {exc.strerror}", Location(str(folder))) from None
    if target.is_dir():
        raise OutputError("is a folder; give a file name", Location(str(target)))
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
        tmp_name = None
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", Location(str(target))) from None
    finally:
        if tmp_name and os.path.exists(tmp_name):
            os.unlink(tmp_name)
    return target


def safe_file_name(name: str, max_length: int = 100) -> str:
    """A file name made from data: no path separators, no ``..``, no control characters.

    Letters of any script are kept. ``safe_file_name("Бекбас О.Т./..")`` -> ``"Бекбас О.Т"``.
    """
    cleaned = unicodedata.normalize("NFC", name)
    cleaned = _UNSAFE.sub("_", cleaned)
    cleaned = re.sub(r"\.{2,}", ".", cleaned).strip(" ._")
    cleaned = re.sub(r"\s+", " ", cleaned)[:max_length].rstrip(" .")
    return cleaned or "unnamed"
