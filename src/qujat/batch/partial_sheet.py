"""The run sheet of a ``--split`` run while it runs, so that it tells the truth about the folder
whatever stops the run (Ctrl-C, a kill, a power cut).

``<list>.run-sheet.partial.csv`` holds the run sheet's rows: first those of earlier runs whose
files are still in the folder as they were, then one row per file of this run, appended and
synced to disk as soon as the file is in place. The run's end writes the run sheet (CSV and
XLSX) and removes the partial sheet. A run that finds a partial sheet, a killed run's, first reconciles it
with the folder: the last row of each file wins, a row whose file is missing or different is
dropped, and the run sheet is written from what is left.
"""
from __future__ import annotations

import csv
import os
from functools import lru_cache
from pathlib import Path

from qujat.batch.run_sheet import (
    COLUMNS,
    PRINTED,
    STATUS_WORDS,
    SheetRow,
    headings,
    sheet_csv,
    status_word,
    write_run_sheet,
)
from qujat.i18n.ui import ui_languages, ui_translations
from qujat.messages import Translations
from qujat.output import file_sha256

PARTIAL_SUFFIX = ".partial.csv"


@lru_cache(maxsize=1)
def _languages() -> dict[tuple[str, ...], dict[str, str]]:
    """The heading row of a run sheet in each language qujat speaks (and the partial sheet's,
    the columns' own names), each with its statuses' words back to the statuses."""
    known = {tuple(COLUMNS): {status: status for status in STATUS_WORDS}}
    for lang in ui_languages():
        translations = ui_translations(lang)
        known.setdefault(tuple(headings(translations)),
                         {status_word(status, translations): status for status in STATUS_WORDS})
    return known


def read_run_sheet(path: Path) -> list[SheetRow]:
    """The rows of a run sheet CSV in any language qujat writes one in (``[]`` when there is
    none, or it is not one qujat wrote)."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            statuses = _languages().get(tuple(next(reader, [])))
            if statuses is None:
                return []
            rows = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error):
        return []
    entries = []
    for row in rows:
        if len(row) != len(COLUMNS):
            continue  # a line cut short by a kill
        values = dict(zip(COLUMNS, row, strict=True))
        try:
            entries.append(SheetRow(**{**values, "row": int(values["row"] or 0),  # type: ignore[arg-type]
                                            "page": int(values["page"]) if values["page"] else None,
                                            "status": statuses.get(values["status"], values["status"])}))
        except ValueError:
            continue
    return entries


def in_place(entry: SheetRow, out: Path) -> bool:
    """Whether ``entry``'s file is in the folder, exactly as the row says."""
    path = out / entry.file
    return bool(entry.file) and path.is_file() and not path.is_symlink() and file_sha256(path) == entry.sha256


def reconcile(out: Path, stem: str, translations: Translations | None = None) -> list[SheetRow]:
    """The rows of the folder's run sheet that are true of the folder now (a killed run's partial sheet
    merged in, the run sheet rewritten from it); the rows of files that are gone are dropped."""
    sheet = out / f"{stem}.run-sheet"
    partial = sheet.with_name(sheet.name + PARTIAL_SUFFIX)
    found = read_run_sheet(sheet.with_name(sheet.name + ".csv")) + read_run_sheet(partial)
    latest: dict[str, SheetRow] = {}
    for entry in found:
        if entry.status in PRINTED and entry.file:
            latest[entry.file] = entry
    kept = [entry for entry in latest.values() if in_place(entry, out)]
    if partial.exists():
        write_run_sheet(kept, sheet, translations=translations)
        partial.unlink()
    return kept


class PartialSheet:
    """The run sheet being written, one synced line per file (see the module's docstring)."""

    def __init__(self, out: Path, stem: str) -> None:
        sheet = out / f"{stem}.run-sheet"
        self.path = sheet.with_name(sheet.name + PARTIAL_SUFFIX)

    def start(self, kept: list[SheetRow]) -> None:
        """Begin with the earlier rows still true of the folder."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "wb") as fh:
            fh.write(sheet_csv(kept))
            fh.flush()
            os.fsync(fh.fileno())

    def append(self, entry: SheetRow) -> None:
        """Add the row of a file just put in place, and sync it to disk."""
        line = sheet_csv([entry]).decode("utf-8").removeprefix("\ufeff").split("\n", 1)[1]
        with open(self.path, "a", encoding="utf-8", newline="") as fh:
            fh.write(line)
            fh.flush()
            os.fsync(fh.fileno())

    def close(self) -> None:
        """The run sheet is written: the partial sheet goes."""
        self.path.unlink(missing_ok=True)
