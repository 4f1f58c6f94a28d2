"""Files dropped on the desk: each kept in a folder of its own inside its session's temporary
folder, under its own name made safe (``../../x.xlsx`` is ``x.xlsx`` there), only of the kinds
a page takes; the session's folder removed when it ends, all of them when the desk stops.

>>> import tempfile, pathlib
>>> room = Workspace(pathlib.Path(tempfile.mkdtemp()))
>>> kept = room.keep("s1", "../../x.xlsx", b"data", LISTS)
>>> kept.name, kept.parent.parent == room.root / "s1"
('x.xlsx', True)
"""
from __future__ import annotations

import re
import secrets
import shutil
from pathlib import Path, PurePosixPath, PureWindowsPath

from qujat.errors import UsageError
from qujat.output import safe_file_name

LISTS = (".xlsx", ".xls", ".ods", ".csv", ".tsv", ".txt")
RECORDS = (".yaml", ".yml")
TEMPLATES = (".docx",)
CHECKABLE = (".pdf", ".png", ".jpg", ".jpeg", ".webp", ".tif", ".tiff", ".bmp")
_SID = re.compile(r"[0-9a-f]{32}|s\d+")
_ITEM = re.compile(r"[0-9a-f]{16}")


class Workspace:
    """The desk's temporary files: ``root/<session>/<item>/<name>``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def session_folder(self, sid: str) -> Path:
        """The session's own folder (made on first use)."""
        if not _SID.fullmatch(sid):
            raise UsageError("not a session of this desk")
        folder = self.root / sid
        folder.mkdir(exist_ok=True)
        return folder

    def keep(self, sid: str, name: str, data: bytes, kinds: tuple[str, ...]) -> Path:
        """Keep an uploaded file ``name`` in a new folder of the session; :class:`UsageError`
        when its kind is not one of ``kinds``."""
        base = PureWindowsPath(PurePosixPath(name or "").name).name
        safe = safe_file_name(base) or "upload"
        if Path(safe).suffix.lower() not in kinds:
            raise UsageError(f"«{base}» is not one of {', '.join(kinds)}")
        folder = self.new_item(sid)
        path = folder / safe
        path.write_bytes(data)
        return path

    def new_item(self, sid: str) -> Path:
        """A new empty folder in the session's (its name a random id)."""
        folder = self.session_folder(sid) / secrets.token_hex(8)
        folder.mkdir()
        return folder

    def item(self, sid: str, item: str) -> Path | None:
        """The folder of the session's item ``item``, None when there is none."""
        if not _ITEM.fullmatch(item):
            return None
        folder = self.session_folder(sid) / item
        return folder if folder.is_dir() else None

    def end(self, sid: str) -> None:
        """Remove the session's folder."""
        if _SID.fullmatch(sid):
            shutil.rmtree(self.root / sid, ignore_errors=True)

    def close(self) -> None:
        """Remove every session's folder."""
        shutil.rmtree(self.root, ignore_errors=True)
