"""The office's minutes templates kept by the desk for next time: DOCX files in a folder of the
registry's (beside a SQLite registry, ``office.sqlite3`` -> ``office.templates/``), listed by
name, chosen again, removed. Only a template that has made minutes is kept (the desk keeps it
after the minutes were made with it); one kept under the same name is replaced.

>>> import tempfile, pathlib
>>> kept = OfficeTemplates(pathlib.Path(tempfile.mkdtemp()) / "office.templates")
>>> kept.keep("../../Бланк.docx", b"PK...")
'Бланк.docx'
>>> kept.names(), kept.path("Бланк.docx") is not None, kept.path("../office.sqlite3")
(['Бланк.docx'], True, None)
>>> kept.remove("Бланк.docx"), kept.names()
(True, [])
"""
from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath

from qujat.output import safe_file_name, write_atomic

SUFFIX = ".docx"


def templates_beside(registry_file: Path) -> Path:
    """The kept templates' folder of a SQLite registry: ``office.sqlite3`` -> ``office.templates``."""
    return registry_file.with_name(registry_file.stem + ".templates")


class OfficeTemplates:
    """The kept templates: ``folder/<name>.docx``, the folder made when the first is kept."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @staticmethod
    def name_of(upload_name: str) -> str:
        """The name an uploaded file is kept under (its own, made safe; ``.docx`` kept)."""
        base = PureWindowsPath(PurePosixPath(upload_name or "").name).name
        stem = safe_file_name(Path(base).stem if base.lower().endswith(SUFFIX) else base, max_bytes=120)
        return stem + SUFFIX

    def names(self) -> list[str]:
        """The kept templates' names, in order."""
        if not self.folder.is_dir():
            return []
        return sorted(p.name for p in self.folder.iterdir() if p.suffix == SUFFIX and p.is_file())

    def path(self, name: str) -> Path | None:
        """The file of the kept template ``name``; None when none is kept under that name."""
        return self.folder / name if name in self.names() else None

    def keep(self, upload_name: str, data: bytes) -> str:
        """Keep ``data`` as the template of ``upload_name`` (replacing one of that name); its name."""
        name = self.name_of(upload_name)
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomic(self.folder / name, data)
        return name

    def remove(self, name: str) -> bool:
        """Remove the kept template ``name``; whether there was one."""
        path = self.path(name)
        if path is None:
            return False
        path.unlink(missing_ok=True)
        return True
