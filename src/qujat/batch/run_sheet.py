"""The run sheet of what a batch issued, as CSV and XLSX, safe to open in a spreadsheet."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path

from qujat.output import Outputs, write_atomic
from qujat.spreadsheet import FIXED_TIME, csv_bytes, xlsx_bytes

#: A row's status: a new certificate, a reprint of one already issued, a document of an
#: existing award in another language, a row the registry refused, one that failed, and one an
#: interruption kept from being written.
ISSUED, REPRINTED, NEW_LANGUAGE, REFUSED, FAILED, INTERRUPTED = (
    "issued", "reprinted", "new language", "refused", "failed", "interrupted")
#: The statuses of rows that were printed.
PRINTED = (ISSUED, REPRINTED, NEW_LANGUAGE)


@dataclass
class SheetRow:
    """One row of the run sheet: what was issued to whom, or why a row failed or was refused."""

    row: int
    number: str
    name: str
    award: str
    language: str
    date: str
    status: str
    file: str = ""
    page: int | None = None
    sha256: str = ""
    reason: str = ""


COLUMNS = [f.name for f in fields(SheetRow)]


def _cells(entry: SheetRow) -> tuple[str | int | None, ...]:
    """A row's cells in :data:`COLUMNS` order (``astuple`` would deep-copy every value)."""
    return (entry.row, entry.number, entry.name, entry.award, entry.language, entry.date, entry.status,
            entry.file, entry.page, entry.sha256, entry.reason)


def sheet_csv(entries: Iterable[SheetRow]) -> bytes:
    """The run sheet as UTF-8 CSV with a BOM (so that Excel reads the Cyrillic right)."""
    return csv_bytes([COLUMNS, *(_cells(entry) for entry in entries)])


def sheet_xlsx(entries: Iterable[SheetRow], stamp: dt.datetime = FIXED_TIME) -> bytes:
    """The run sheet as an XLSX workbook; every text cell is stored as text, never a formula.

    The workbook's created/modified times are ``stamp`` so that equal run sheets are equal files.
    """
    return xlsx_bytes("run sheet", COLUMNS, (_cells(entry) for entry in entries), stamp)


def write_run_sheet(entries: list[SheetRow], stem: Path, outputs: Outputs | None = None) -> list[Path]:
    """Write ``<stem>.csv`` and ``<stem>.xlsx`` (staged in ``outputs``, to be moved into place with
    the run's other files, when given); returns both paths."""
    write = outputs.write if outputs is not None else write_atomic
    return [write(stem.with_name(stem.name + ".csv"), sheet_csv(entries)),
            write(stem.with_name(stem.name + ".xlsx"), sheet_xlsx(entries))]
