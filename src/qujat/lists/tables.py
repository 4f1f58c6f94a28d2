"""A list file as a table of cells: workbooks (XLSX, XLS, ODS) through python-calamine, text
files (CSV and TSV in UTF-8, UTF-16 or Windows-1251) through the csv module.

A table keeps the number a person sees beside each row in their spreadsheet and the cells
merged in its headings; nothing is interpreted here.
"""
from __future__ import annotations

import codecs
import contextlib
import csv
import io
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qujat.errors import Location, QujatError
from qujat.lists.biff import BiffError, xls_hidden_rows_from
from qujat.messages import M_, Number
from qujat.reading import read_limited
from qujat.settings import current as current_settings
from qujat.spreadsheet import column_letter

#: The longest text one cell may hold (a name, a position, an organisation …).
MAX_CELL_CHARS = 10_000
#: A workbook's table of texts (XLSX ``xl/sharedStrings.xml``) larger than this, unpacked, is refused.
MAX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024
#: A workbook whose parts unpack to more than this, or far more than their packed size, is refused.
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
MAX_PACKING_RATIO = 200
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
#: Delimiters a text list may use, in the order preferred on a tie.
DELIMITERS = ("\t", ";", ",")


@dataclass
class Table:
    """The cells of one sheet (or text file), row by row.

    ``row_numbers[i]`` is the number the spreadsheet shows beside ``rows[i]``; ``merges`` are
    merged ranges ``(first_row, first_col, last_row, last_col)`` as indexes into ``rows``;
    ``sheets`` names every sheet of the workbook with its number of rows, for messages.
    """

    source: str
    rows: list[list[Any]]
    row_numbers: list[int]
    sheet: str | None = None
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    sheets: list[tuple[str, int]] = field(default_factory=list)
    #: the row numbers the workbook hides (rows hidden by hand, or filtered out by an autofilter)
    hidden: frozenset[int] = frozenset()


def max_rows() -> int:
    """The most rows a list may have (the settings' ``max_list_rows``; $QUJAT_MAX_ROWS for the command)."""
    return current_settings().max_list_rows


def max_list_bytes() -> int:
    """The largest text list read (the settings' ``max_list_bytes``; $QUJAT_MAX_LIST_BYTES for the command)."""
    return current_settings().max_list_bytes


def unusable(path: str, message: str) -> QujatError:
    """The error for a list file that cannot be read at all."""
    return QujatError(message, Location(path))


def _check_cells(path: str, rows: list[list[Any]]) -> None:
    """Refuse a list with a cell longer than :data:`MAX_CELL_CHARS` (no name or position is)."""
    for number, row in enumerate(rows, start=1):
        for column, cell in enumerate(row):
            if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:

                raise unusable(path, M_("row %(row)s, column %(column)s holds %(count)s characters; a cell may hold "
                                        "at most %(most)s", code="list.long-cell", row=number,
                                        column=column_letter(column), count=format(len(cell), ","),
                                        most=format(MAX_CELL_CHARS, ",")))


#: Rows a sheet may have besides its people (a title, headings, blank, total and signature rows).
OTHER_ROWS = 1_000


def too_many_people(path: str, count: int) -> QujatError:
    """The error for a list of more people than the limit."""
    return unusable(path, M_("has %(count)s people, more than %(most)s; split it (--rows) or raise $QUJAT_MAX_ROWS",
                             code="list.too-many-people", count=Number(count), most=Number(max_rows())))


def _check_row_count(path: str, count: int) -> None:
    """Refuse, before its cells are read, a sheet that cannot be a list within the limit: more
    rows than :func:`max_rows` people and :data:`OTHER_ROWS` other rows (the people are counted
    once the headings are found)."""
    if count > max_rows() + OTHER_ROWS:
        raise unusable(path, M_("has %(count)s rows, more than the %(most)s people a list may have (and %(other)s "
                                "rows of titles, headings and totals); split it (--rows) or raise $QUJAT_MAX_ROWS",
                                code="list.too-many-rows", count=Number(count), most=Number(max_rows()),
                                other=Number(OTHER_ROWS)))


# workbooks ---------------------------------------------------------------------------------------

def _refuse_zip_bomb(path: str) -> None:
    """Refuse a zipped workbook whose parts would unpack to an unreasonable size (a "zip bomb")."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return  # not a zip (XLS), or broken: the workbook reader says which
    strings = sum(i.file_size for i in infos if i.filename.lower().endswith("sharedstrings.xml"))
    if strings > MAX_SHARED_STRINGS_BYTES:
        raise unusable(path, M_("the workbook's table of texts is %(size)s MB; a list may have at most %(most)s MB of "
                                "text: save only the list's columns", code="list.too-much-text",
                                size=format(strings / 2**20, ".1f"), most=MAX_SHARED_STRINGS_BYTES // 2**20))
    unpacked = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if unpacked > MAX_UNPACKED_BYTES or (unpacked > 50 * 1024 * 1024 and unpacked / packed > MAX_PACKING_RATIO):
        raise unusable(path, M_("unpacks to %(size)s MB from %(packed)s KB: refused as a zip bomb",
                                code="list.zip-bomb", size=unpacked // 2**20, packed=packed // 2**10))


def _workbook_kind(path: str) -> str:
    return {".xls": "XLS", ".ods": "ODS"}.get(Path(path).suffix.lower(), "XLSX")


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
#: Merged headings are looked for in this many rows at the top of an ODS sheet.
ODS_MERGE_ROWS = 40


def _ods_rows(path: str, sheet: str) -> Iterator[tuple[int, Any]]:
    """Each ``table:table-row`` of an ODS sheet with the 0-based number of its first row (a row
    element may stand for several: ``number-rows-repeated``); the element is cleared after use.
    Raises what reading the file raises (zipfile, ElementTree, OSError)."""
    import xml.etree.ElementTree as ElementTree
    import zipfile

    with zipfile.ZipFile(path) as archive, archive.open("content.xml") as content:
        in_sheet, row = False, 0
        for event, element in ElementTree.iterparse(content, events=("start", "end")):
            tag = element.tag
            if tag == f"{_ODS_TABLE}table":
                if event == "start":
                    in_sheet = element.get(f"{_ODS_TABLE}name") == sheet
                elif in_sheet:
                    return
            elif in_sheet and tag == f"{_ODS_TABLE}table-row" and event == "end":
                yield row, element
                row += int(element.get(f"{_ODS_TABLE}number-rows-repeated", "1"))
                element.clear()


def _ods_read_errors() -> tuple[type[BaseException], ...]:
    import xml.etree.ElementTree as ElementTree
    import zipfile

    return (KeyError, zipfile.BadZipFile, ElementTree.ParseError, ValueError, OSError)


def ods_merges(path: str, sheet: str) -> list[tuple[int, int, int, int]]:
    """The merged ranges in the first rows of an ODS sheet (python-calamine does not report
    them for ODS): cells with ``table:number-columns-spanned`` or ``number-rows-spanned``."""
    merges: list[tuple[int, int, int, int]] = []
    try:
        for row, element in _ods_rows(path, sheet):
            if row > ODS_MERGE_ROWS:
                break
            column = 0
            for cell in element:
                repeat = int(cell.get(f"{_ODS_TABLE}number-columns-repeated", "1"))
                wide = int(cell.get(f"{_ODS_TABLE}number-columns-spanned", "1"))
                tall = int(cell.get(f"{_ODS_TABLE}number-rows-spanned", "1"))
                if wide > 1 or tall > 1:
                    merges.append((row, column, row + tall - 1, column + wide - 1))
                column += repeat
    except _ods_read_errors():
        return []  # the cells themselves were read: the list stands without merged headings
    return merges


_XLSX_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_XLSX_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def xlsx_hidden_rows(path: str, sheet: str) -> frozenset[int]:
    """The numbers of the rows an XLSX sheet hides (``<row hidden="1">``: hidden by hand or
    filtered out); python-calamine reads their cells without saying so."""
    import posixpath
    import xml.etree.ElementTree as ElementTree
    import zipfile

    hidden: set[int] = set()
    try:
        with zipfile.ZipFile(path) as archive:
            book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
            rid = next((s.get(f"{_XLSX_REL}id") for s in book.iter(f"{_XLSX_MAIN}sheet") if s.get("name") == sheet),
                       None)
            rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
            target = next((r.get("Target") for r in rels.iter(f"{_PACKAGE_REL}Relationship") if r.get("Id") == rid),
                          None)
            if not target:
                return frozenset()
            name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            with archive.open(name) as content:
                for _event, element in ElementTree.iterparse(content):
                    if element.tag == f"{_XLSX_MAIN}row":
                        if element.get("hidden") in ("1", "true") and (element.get("r") or "").isdigit():
                            hidden.add(int(element.get("r") or 0))
                        element.clear()
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, ValueError, OSError):
        return frozenset()
    return frozenset(hidden)


def ods_hidden_rows(path: str, sheet: str) -> frozenset[int]:
    """The numbers of the rows an ODS sheet hides (``table:visibility`` collapse or filter)."""
    hidden: set[int] = set()
    try:
        for row, element in _ods_rows(path, sheet):
            repeat = int(element.get(f"{_ODS_TABLE}number-rows-repeated", "1"))
            if element.get(f"{_ODS_TABLE}visibility") in ("collapse", "filter") and repeat < 100_000:
                hidden.update(range(row + 1, row + repeat + 1))
    except _ods_read_errors():
        return frozenset()
    return frozenset(hidden)


def xls_hidden_rows(path: str, sheet: str) -> frozenset[int]:
    """The numbers of the rows an .xls sheet hides (hidden by hand, collapsed or filtered out);
    a workbook whose rows cannot be told apart is refused, never read as if none were hidden."""
    try:
        return xls_hidden_rows_from(Path(path).read_bytes(), sheet)
    except BiffError as exc:
        reason = {"old": M_("it is an Excel 5.0/95 workbook", code="list.xls-old"),
                  "encrypted": M_("it is encrypted", code="list.xls-encrypted")
                  }.get(exc.kind, M_("its contents are damaged", code="list.damaged-workbook"))
        raise unusable(path, M_("cannot tell which rows of this XLS workbook are hidden (%(reason)s); save the list "
                                "again as .xlsx", code="list.xls-rows-unknown", reason=reason)) from None


@contextlib.contextmanager
def _rust_panics_refused(path: str, kind: str) -> Iterator[None]:
    """python-calamine's parsers are Rust: a malformed workbook can make one panic, which pyo3
    raises as ``PanicException`` (a BaseException) after Rust's panic hook has written its message
    and backtrace on file descriptor 2. While calamine reads, descriptor 2 goes to a temporary
    file: a panic becomes the one line every unreadable workbook gets, and anything else written
    there meanwhile is passed on to the real stderr afterwards."""
    with tempfile.TemporaryFile() as held:
        sys.stderr.flush()
        try:
            saved: int | None = os.dup(2)
        except OSError:  # no descriptor 2 (a daemon): nothing to hold
            saved = None
        else:
            os.dup2(held.fileno(), 2)
        panicked = False
        try:
            yield
        except BaseException as exc:
            if type(exc).__name__ != "PanicException":
                raise
            panicked = True
        finally:
            if saved is not None:
                os.dup2(saved, 2)
                os.close(saved)
            if not panicked and saved is not None:
                held.seek(0)
                written = held.read()
                if written:
                    os.write(2, written)
        if panicked:
            raise unusable(path, M_("not a readable %(kind)s workbook: %(reason)s; save the list again as .xlsx or "
                                    ".csv", code="list.unreadable-workbook", kind=kind,
                                    reason=M_("its contents are damaged", code="list.damaged-workbook")))


def read_workbook(path: str, sheet: str | None = None) -> Table:
    """One sheet of a workbook: ``sheet`` by name, else the first visible worksheet.

    Formulas give the values Excel saved with them and are never evaluated; dates come as dates.
    """
    _refuse_zip_bomb(path)
    kind = _workbook_kind(path)
    with _rust_panics_refused(path, kind):
        rows, merges, sheets, chosen = _calamine_sheet(path, sheet, kind)
    _check_row_count(path, len(rows))
    _check_cells(path, rows)
    hidden = {"ODS": ods_hidden_rows, "XLS": xls_hidden_rows}.get(kind, xlsx_hidden_rows)(path, chosen)
    return Table(path, [list(r) for r in rows], list(range(1, len(rows) + 1)), chosen, merges, sheets, hidden)


def _calamine_sheet(path: str, sheet: str | None, kind: str
                    ) -> tuple[list[list[Any]], list[tuple[int, int, int, int]], list[tuple[str, int]], str]:
    """The chosen sheet's rows and merged ranges, every worksheet's name and height, and the
    chosen sheet's name, as python-calamine reads them."""
    import python_calamine as calamine

    try:
        workbook = calamine.CalamineWorkbook.from_path(path)
    except calamine.PasswordError:
        raise unusable(path, M_("the %(kind)s workbook is protected by a password; save a copy without one",
                                code="list.password", kind=kind)) from None
    except (calamine.CalamineError, OSError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise unusable(path, M_("not a readable %(kind)s workbook: %(reason)s; save the list again as .xlsx or .csv",
                                code="list.unreadable-workbook", kind=kind, reason=reason)
                       ) from None
    try:
        worksheets = [m.name for m in workbook.sheets_metadata if m.typ == calamine.SheetTypeEnum.WorkSheet]
        visible = [m.name for m in workbook.sheets_metadata
                   if m.typ == calamine.SheetTypeEnum.WorkSheet and m.visible == calamine.SheetVisibleEnum.Visible]
        if sheet is not None and sheet not in worksheets:
            raise unusable(path, M_("has no sheet '%(sheet)s'; its sheets: %(sheets)s", code="list.no-such-sheet",
                                    sheet=sheet, sheets=", ".join(worksheets) or "—"))
        chosen = sheet or next(iter(visible or worksheets), None)
        if chosen is None:
            raise unusable(path, M_("the workbook has no worksheet (only charts?); put the list on a worksheet",
                                    code="list.no-worksheet"))
        try:
            found = workbook.get_sheet_by_name(chosen)
            _check_row_count(path, found.total_height)
            rows = found.to_python(skip_empty_area=False)
            merges = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (found.merged_cell_ranges or [])]
            if kind == "ODS":
                merges = ods_merges(path, chosen)
        except calamine.CalamineError as exc:
            raise unusable(path, M_("not a readable %(kind)s workbook: sheet '%(sheet)s': %(reason)s",
                                    code="list.unreadable-sheet", kind=kind, sheet=chosen, reason=str(exc))) from None
        sheets = []
        for name in worksheets:
            try:
                sheets.append((name, workbook.get_sheet_by_name(name).height))
            except calamine.CalamineError:
                sheets.append((name, 0))
    finally:
        workbook.close()
    return rows, merges, sheets, chosen


# text files --------------------------------------------------------------------------------------

def _decode(path: str, raw: bytes) -> str:
    """The text of a list file: UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode text")
    or, failing UTF-8, Windows-1251 (what Russian-language Windows saves as "CSV")."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise unusable(path, M_("is not readable UTF-16 text; save the list as CSV UTF-8 or XLSX",
                                    code="list.bad-utf16")) from None
    if b"\x00" in raw[:4096]:
        raise unusable(path, M_("is not a text list (it holds binary data); save the list as CSV UTF-8 or XLSX",
                                code="list.binary"))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1251", errors="replace")


#: Records of a text list looked at to tell its delimiter.
DELIMITER_SAMPLE_RECORDS = 50


def _records(text: str, delimiter: str, strict: bool) -> list[int] | None:
    """The number of fields of each of the first records of ``text`` read with ``delimiter``
    (a record may span lines inside quotes), or None when ``strict`` and its quoting breaks
    there (a quoted cell followed by something other than the delimiter)."""
    counts = []
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=strict):
            if record:
                counts.append(len(record))
            if len(counts) >= DELIMITER_SAMPLE_RECORDS:
                break
    except csv.Error:  # broken quoting, or a cell over the csv module's limit (the reading proper says so)
        return None
    return counts


def _delimiter(text: str) -> str:
    """The delimiter that splits the first records into the same number (above one) of fields.

    Records are read as the csv module reads them, so a quoted cell holding line breaks or the
    other delimiters («"Место работы;\nорганизация"», «"Фамилия, имя, отчество"») counts once.
    A delimiter under which the quoting holds is preferred: Excel quotes a cell right after a
    delimiter, so with a wrong one a quoted cell runs into text (``"a";"b"`` read with a comma)."""
    best, best_score = ",", (False, -1, -1)
    for candidate in DELIMITERS:
        strict = _records(text, candidate, strict=True)
        counts = strict if strict is not None else _records(text, candidate, strict=False)
        if not counts or max(counts) < 2:
            continue
        mode = max(set(counts), key=lambda c: (counts.count(c), c))
        score = (strict is not None, counts.count(mode), mode)
        if score > best_score:
            best, best_score = candidate, score
    return best


def read_text_table(path: str) -> Table:
    """A CSV or TSV list. A ``sep=;`` first line (Excel's) names the delimiter; otherwise it is
    the one of tab, ``;`` and ``,`` that splits the records evenly (see :func:`_delimiter`). A
    cell may hold line breaks and delimiters in quotes: rows are numbered as a spreadsheet shows
    them, not by lines."""

    raw = read_limited(path, max_list_bytes(), variable="QUJAT_MAX_LIST_BYTES")
    text = _decode(path, raw)
    lines = text.splitlines()
    first = lines[0].strip().lower() if lines else ""
    if first.startswith("sep=") and len(first) == 5:
        delimiter, text = first[4], text.split("\n", 1)[1] if "\n" in text else ""
    else:
        delimiter = _delimiter(text)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise unusable(path, M_("a cell holds more than %(count)s characters; a cell may hold at most %(most)s",
                                    code="list.long-csv-cell", count=format(csv.field_size_limit(), ","),
                                    most=format(MAX_CELL_CHARS, ","))) from None
        raise unusable(path, M_("is not a readable CSV list: %(reason)s", code="list.unreadable-csv",
                                reason=str(exc))) from None
    _check_row_count(path, len(rows))
    _check_cells(path, rows)
    return Table(path, [list(r) for r in rows], list(range(1, len(rows) + 1)))
