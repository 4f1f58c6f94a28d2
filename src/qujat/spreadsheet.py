"""Tables written for spreadsheets (CSV and XLSX) that no spreadsheet will run or refuse: the
batch's run sheet and the registry's journal both go through here."""
from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.styles import Font

from qujat.output import stable_zip_file
from qujat.text import CONTROL_CHARS

#: The created/modified time of every workbook qujat writes, so that equal tables are equal files.
FIXED_TIME = dt.datetime(2000, 1, 1)
#: A cell a spreadsheet would run as a formula (CSV/formula injection) starts with one of these.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | dt.date | None


def inert(value: object) -> object:
    """A cell value no spreadsheet will evaluate or refuse: text starting with = + - @ gets a
    leading ', control characters become U+FFFD.

    >>> inert("=HYPERLINK(1)"), inert("Бекбас\x07"), inert(7)
    ("'=HYPERLINK(1)", 'Бекбас\ufffd', 7)
    """
    if isinstance(value, str):
        value = CONTROL_CHARS.sub("\ufffd", value)
        if value.startswith(FORMULA_START):
            return "'" + value
    return value


def write_csv(out: BinaryIO, rows: Iterable[Sequence[Cell]]) -> None:
    """Write the rows to ``out`` as UTF-8 CSV with a BOM (so that Excel reads the Cyrillic right),
    every cell inert, row by row: a table of any length takes no more memory than a row."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        text.write("\ufeff")
        writer = csv.writer(text)
        for row in rows:
            writer.writerow(["" if v is None else inert(v) for v in row])
        text.flush()
    finally:
        text.detach()  # ``out`` stays open: it is the caller's


def csv_bytes(rows: Iterable[Sequence[Cell]]) -> bytes:
    """The rows as UTF-8 CSV with a BOM (see :func:`write_csv`)."""
    buf = io.BytesIO()
    write_csv(buf, rows)
    return buf.getvalue()


def write_xlsx(out: str | Path, sheet_name: str, header: Sequence[str], rows: Iterable[Sequence[Cell]],
               stamp: dt.datetime = FIXED_TIME) -> None:
    """Write the rows to the file ``out`` as an XLSX workbook of one sheet, the header bold; every
    text cell is stored as text, never a formula; dates are date cells. The workbook's times are
    ``stamp``. Rows are streamed (openpyxl's write-only mode), so a long table needs little memory."""
    write_xlsx_book(out, [(sheet_name, header, rows)], stamp)


def write_xlsx_book(out: str | Path, sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Cell]]]],
                    stamp: dt.datetime = FIXED_TIME) -> None:
    """Write an XLSX workbook of several sheets ``(name, header, rows)`` to the file ``out``, each
    as :func:`write_xlsx` writes one."""
    workbook = Workbook(write_only=True)
    workbook.properties.creator = "qujat"
    workbook.properties.created = stamp
    for sheet_name, header, rows in sheets:
        _fill(workbook, sheet_name[:31], header, rows)
    with tempfile.TemporaryDirectory(prefix="qujat-xlsx-") as tmp:
        made = Path(tmp) / "book.xlsx"
        workbook.save(made)
        stable_zip_file(made, out, stamp)


def xlsx_bytes(sheet_name: str, header: Sequence[str], rows: Iterable[Sequence[Cell]],
               stamp: dt.datetime = FIXED_TIME) -> bytes:
    """The rows as an XLSX workbook of one sheet (see :func:`write_xlsx`)."""
    return xlsx_book([(sheet_name, header, rows)], stamp)


def xlsx_book(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Cell]]]],
              stamp: dt.datetime = FIXED_TIME) -> bytes:
    """An XLSX workbook of several sheets ``(name, header, rows)`` as bytes (see :func:`write_xlsx_book`)."""
    with tempfile.TemporaryDirectory(prefix="qujat-xlsx-") as tmp:
        path = Path(tmp) / "out.xlsx"
        write_xlsx_book(path, sheets, stamp)
        return path.read_bytes()


def _fill(workbook: Workbook, sheet_name: str, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> None:
    sheet = workbook.create_sheet(sheet_name)

    def cell(value: Cell, bold: bool = False) -> SheetCell:
        c = WriteOnlyCell(sheet, value=None)
        if isinstance(value, str):
            c.value = CONTROL_CHARS.sub("\ufffd", value)
            c.data_type = "s"  # text, even when it starts with '='
        else:
            c.value = value
            if isinstance(value, dt.datetime):
                c.number_format = "yyyy-mm-dd hh:mm:ss"
            elif isinstance(value, dt.date):
                c.number_format = "yyyy-mm-dd"
        if bold:
            c.font = Font(bold=True)
        return c

    sheet.append([cell(name, bold=True) for name in header])
    for row in rows:
        sheet.append([cell(v) for v in row])
