"""The run sheet of what a batch issued, as CSV and XLSX, safe to open in a spreadsheet."""
from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

from qujat.messages import M_, Message, Translations, render
from qujat.output import Outputs
from qujat.spreadsheet import FIXED_TIME, Cell, csv_bytes, write_csv, write_xlsx, xlsx_bytes

#: A row's status: a new certificate, a reprint of one already issued, a document of an
#: existing award in another language, a row the registry refused, one that failed, and one an
#: interruption kept from being written.
ISSUED, REPRINTED, NEW_LANGUAGE, REFUSED, FAILED, INTERRUPTED = (
    "issued", "reprinted", "new language", "refused", "failed", "interrupted")
#: The statuses of rows that were printed.
PRINTED = (ISSUED, REPRINTED, NEW_LANGUAGE)


@dataclass(slots=True)
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
#: Each column's heading as the office reads it (in English the column's own name).
HEADINGS: dict[str, Message] = {
    "row": M_("row"), "number": M_("number"), "name": M_("name"), "award": M_("award"),
    "language": M_("language"), "date": M_("date"), "status": M_("status"), "file": M_("file"),
    "page": M_("page"), "sha256": M_("sha256"), "reason": M_("reason")}
#: Each status as the office reads it (in English the status itself).
STATUS_WORDS: dict[str, Message] = {
    ISSUED: M_("issued"), REPRINTED: M_("reprinted"), NEW_LANGUAGE: M_("new language"), REFUSED: M_("refused"),
    FAILED: M_("failed"), INTERRUPTED: M_("interrupted")}
#: The workbook's sheet.
SHEET_NAME = M_("run sheet")


def headings(translations: Translations | None = None) -> list[str]:
    """The columns' headings in the language of ``translations`` (English without)."""
    return [str(render(HEADINGS[column], translations)) for column in COLUMNS]


def status_word(status: str, translations: Translations | None = None) -> str:
    """A row's status in the language of ``translations``."""
    return str(render(STATUS_WORDS[status], translations)) if status in STATUS_WORDS else status


def _cells(entries: Iterable[SheetRow], translations: Translations | None = None) -> Iterator[Sequence[Cell]]:
    """Each row's cells in :data:`COLUMNS` order, its status and reason in the language of
    ``translations`` (the status words made once a sheet; ``astuple`` would deep-copy every value)."""
    words = {status: status_word(status, translations) for status in STATUS_WORDS}
    return ((e.row, e.number, e.name, e.award, e.language, e.date, words.get(e.status, e.status), e.file, e.page,
             e.sha256, str(render(e.reason, translations))) for e in entries)


def sheet_csv(entries: Iterable[SheetRow], translations: Translations | None = None) -> bytes:
    """The run sheet as UTF-8 CSV with a BOM (so that Excel reads the Cyrillic right), in the
    language of ``translations`` (English without)."""
    return csv_bytes([headings(translations), *_cells(entries, translations)])


def sheet_xlsx(entries: Iterable[SheetRow], stamp: dt.datetime = FIXED_TIME,
               translations: Translations | None = None) -> bytes:
    """The run sheet as an XLSX workbook; every text cell is stored as text, never a formula.

    The workbook's created/modified times are ``stamp`` so that equal run sheets are equal files.
    """
    return xlsx_bytes(str(render(SHEET_NAME, translations)), headings(translations),
                      _cells(entries, translations), stamp)


def write_run_sheet(entries: list[SheetRow], stem: Path, outputs: Outputs | None = None,
                    translations: Translations | None = None) -> list[Path]:
    """Write ``<stem>.csv`` and ``<stem>.xlsx`` (staged in ``outputs``, to be moved into place with
    the run's other files, when given) in the language of ``translations`` (the headings, the
    statuses and the reasons; English without); returns both paths. The rows are streamed into
    the files, so a run sheet of 100,000 rows takes little more memory than its rows."""
    csv_path, xlsx_path = stem.with_name(stem.name + ".csv"), stem.with_name(stem.name + ".xlsx")
    staged = outputs if outputs is not None else Outputs()
    with staged if outputs is None else contextlib.nullcontext(staged):
        with staged.path(csv_path) as tmp, open(tmp, "wb") as fh:
            write_csv(fh, [headings(translations), *_cells(entries, translations)])
            fh.flush()
            os.fsync(fh.fileno())
        with staged.path(xlsx_path) as tmp:
            write_xlsx(tmp, str(render(SHEET_NAME, translations)), headings(translations),
                       _cells(entries, translations))
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
        if outputs is None:
            staged.commit()
    return [csv_path, xlsx_path]
