"""The register of what a batch issued, as CSV and XLSX, safe to open in a spreadsheet."""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import astuple, dataclass, fields
from pathlib import Path

from qujat.output import Outputs, stable_zip, write_atomic
from qujat.records.source import CONTROL_CHARS

FIXED_TIME = dt.datetime(2000, 1, 1)
#: A cell a spreadsheet would run as a formula (CSV/formula injection) starts with one of these.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class RegisterEntry:
    """One row of the register: what was issued to whom, or why a row failed."""

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


COLUMNS = [f.name for f in fields(RegisterEntry)]


def inert(value: object) -> object:
    """A cell value no spreadsheet will evaluate or refuse: text starting with = + - @ gets a
    leading ', control characters become U+FFFD."""
    if isinstance(value, str):
        value = CONTROL_CHARS.sub("\ufffd", value)
        if value.startswith(FORMULA_START):
            return "'" + value
    return value


def register_csv(entries: Iterable[RegisterEntry]) -> bytes:
    """The register as UTF-8 CSV with a BOM (so that Excel reads the Cyrillic right)."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    for entry in entries:
        writer.writerow(["" if v is None else inert(v) for v in astuple(entry)])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def register_xlsx(entries: Iterable[RegisterEntry], stamp: dt.datetime = FIXED_TIME) -> bytes:
    """The register as an XLSX workbook; every text cell is stored as text, never a formula.

    The workbook's created/modified times are ``stamp`` so that equal registers are equal files.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    workbook.properties.creator = "qujat"
    workbook.properties.created = stamp
    sheet = workbook.create_sheet("register")
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import Cell

    def cell(value: str | int | None, bold: bool = False) -> Cell:
        c = WriteOnlyCell(sheet, value=None)
        c.value = CONTROL_CHARS.sub("\ufffd", value) if isinstance(value, str) else value
        if isinstance(value, str):
            c.data_type = "s"  # text, even when it starts with '='
        if bold:
            c.font = Font(bold=True)
        return c

    sheet.append([cell(name, bold=True) for name in COLUMNS])
    for entry in entries:
        sheet.append([cell(v) for v in astuple(entry)])
    buf = io.BytesIO()
    workbook.save(buf)
    return stable_zip(buf.getvalue(), stamp)


def write_register(entries: list[RegisterEntry], stem: Path, outputs: Outputs | None = None) -> list[Path]:
    """Write ``<stem>.csv`` and ``<stem>.xlsx`` (staged in ``outputs``, to be moved into place with
    the run's other files, when given); returns both paths."""
    write = outputs.write if outputs is not None else write_atomic
    return [write(stem.with_name(stem.name + ".csv"), register_csv(entries)),
            write(stem.with_name(stem.name + ".xlsx"), register_xlsx(entries))]
