"""Tables written for spreadsheets (CSV and XLSX) that no spreadsheet will run or refuse: the
batch's run sheet and the registry's journal both go through here."""
from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, BinaryIO

from qujat.output import FIXED_ZIP_TIME
from qujat.text import CONTROL_CHARS, XML_TEXT_ESCAPES

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


def write_xlsx(out: str | Path | BinaryIO, sheet_name: str, header: Sequence[str], rows: Iterable[Sequence[Cell]],
               stamp: dt.datetime = FIXED_TIME) -> None:
    """Write the rows to ``out`` (a file name or a binary stream) as an XLSX workbook of one sheet,
    the header bold; every text cell is stored as text, never a formula; dates are date cells.
    The workbook's times are ``stamp``. Rows are streamed: a long table holds a row in memory."""
    write_xlsx_book(out, [(sheet_name, header, rows)], stamp)


def xlsx_bytes(sheet_name: str, header: Sequence[str], rows: Iterable[Sequence[Cell]],
               stamp: dt.datetime = FIXED_TIME) -> bytes:
    """The rows as an XLSX workbook of one sheet (see :func:`write_xlsx`)."""
    return xlsx_book([(sheet_name, header, rows)], stamp)


def xlsx_book(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Cell]]]],
              stamp: dt.datetime = FIXED_TIME) -> bytes:
    """An XLSX workbook of several sheets ``(name, header, rows)`` as bytes (see :func:`write_xlsx_book`)."""
    buf = io.BytesIO()
    write_xlsx_book(buf, sheets, stamp)
    return buf.getvalue()


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
#: Cell styles (styles.xml's cellXfs): plain, bold (the header), a date, a date and time.
_BOLD, _DATE, _TIME = 1, 2, 3
_STYLES = (f'{_HEAD}<styleSheet xmlns="{_MAIN}"><numFmts count="2"><numFmt numFmtId="164" '
           'formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
           '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
           '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill>'
           '<patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
           '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
           '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
           '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
           '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
           '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
           '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
           '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')
_TYPES = (f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/worksheets/sheet1.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
          '<Override PartName="/xl/styles.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
          '<Override PartName="/docProps/core.xml" '
          'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
          '<Override PartName="/docProps/app.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>')
_ROOT_RELS = (f'{_HEAD}<Relationships xmlns="{_PACKAGE_RELS}">'
              f'<Relationship Id="rId1" Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/>'
              '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
              'metadata/core-properties" Target="docProps/core.xml"/>'
              f'<Relationship Id="rId3" Type="{_RELS}/extended-properties" Target="docProps/app.xml"/>'
              '</Relationships>')
_APP = (f'{_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        '<Application>qujat</Application></Properties>')
#: Excel's day 0 (the 1900 date system, as Excel counts it from March 1900 on).
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def column_letter(index: int) -> str:
    """The letters of the ``index``-th column (0-based): ``0`` -> ``A``, ``27`` -> ``AB``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(ref: str, value: Cell, style: int = 0) -> str:
    styled = f' s="{style}"' if style else ""
    if value is None:
        return ""
    if isinstance(value, str):
        text = CONTROL_CHARS.sub("\ufffd", value).translate(XML_TEXT_ESCAPES)
        space = ' xml:space="preserve"' if text != text.strip() else ""
        return f'<c r="{ref}" t="inlineStr"{styled}><is><t{space}>{text}</t></is></c>'
    if isinstance(value, dt.date):  # a datetime too (a subclass): a day number, the time its fraction
        moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
        days = (moment.replace(tzinfo=None) - _EXCEL_EPOCH) / dt.timedelta(days=1)
        shown = int(days) if days.is_integer() else days
        kind = _TIME if isinstance(value, dt.datetime) else _DATE
        return f'<c r="{ref}" s="{kind}"><v>{shown!r}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"{styled}><v>{int(value)}</v></c>'
    return f'<c r="{ref}"{styled}><v>{value!r}</v></c>'


def write_xlsx_book(out: str | Path | BinaryIO, sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Cell]]]],
                    stamp: dt.datetime = FIXED_TIME) -> None:
    """Write an XLSX workbook of several sheets ``(name, header, rows)`` to ``out`` (a file name
    or a binary stream), each as :func:`write_xlsx` writes one, row by row (a journal of 100,000
    certificates holds a row in memory, not the workbook). qujat writes the SpreadsheetML itself:
    inline strings, a bold header, date and time cells. Equal tables give equal files: the ZIP
    entries' times are fixed and the workbook's created and modified times are ``stamp``."""
    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    core = (f'{_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
            ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>qujat</dc:creator>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified></cp:coreProperties>')
    def entry(part: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(part, date_time=FIXED_ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        return info

    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        names: list[str] = []
        for number, (sheet_name, header, rows) in enumerate(sheets, start=1):
            names.append(_sheet_name(sheet_name, names))
            with archive.open(entry(f"xl/worksheets/sheet{number}.xml"), "w") as raw:
                _write_sheet(raw, header, rows)
        count = len(names)
        types = _TYPES.replace('<Override PartName="/xl/worksheets/sheet1.xml" ', "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/>' for n in range(2, count + 1))
            + '<Override PartName="/xl/worksheets/sheet1.xml" ')
        workbook = (f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}"><sheets>'
                    + "".join(f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>'
                              for n, name in enumerate(names, start=1)) + "</sheets></workbook>")
        relations = (f'{_HEAD}<Relationships xmlns="{_PACKAGE_RELS}">'
                     + "".join(f'<Relationship Id="rId{n}" Type="{_RELS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                               for n in range(1, count + 1))
                     + f'<Relationship Id="rId{count + 1}" Type="{_RELS}/styles" Target="styles.xml"/></Relationships>')
        for part, body in (("[Content_Types].xml", types), ("_rels/.rels", _ROOT_RELS),
                           ("docProps/app.xml", _APP), ("docProps/core.xml", core), ("xl/workbook.xml", workbook),
                           ("xl/_rels/workbook.xml.rels", relations), ("xl/styles.xml", _STYLES)):
            archive.writestr(entry(part), body)


def _sheet_name(name: str, taken: list[str]) -> str:
    """A sheet's name as a workbook may hold it: no ``[]:*?/\\`` or control characters, at
    most 31 letters, not one taken (compared without case), escaped for the XML."""
    cleaned = re.sub(r"[\[\]:*?/\\]", "_", CONTROL_CHARS.sub("", name))[:31] or "sheet"
    candidate, n = cleaned, 1
    while candidate.lower() in (t.lower() for t in taken):
        n += 1
        candidate = f"{cleaned[:28]} {n}"
    return candidate.translate(XML_TEXT_ESCAPES).replace('"', "&quot;")


def _write_sheet(raw: IO[bytes], header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> None:
    sheet = io.TextIOWrapper(raw, encoding="utf-8", newline="")
    sheet.write(f'{_HEAD}<worksheet xmlns="{_MAIN}"><sheetData>')
    columns: list[str] = []
    for number, row in enumerate(itertools.chain([header], rows), start=1):
        while len(columns) < len(row):
            columns.append(column_letter(len(columns)))
        style = _BOLD if number == 1 else 0
        sheet.write(f'<row r="{number}">' + "".join(_cell(f"{letters}{number}", value, style)
                                                     for letters, value in zip(columns, row)) + "</row>")
    sheet.write("</sheetData></worksheet>")
    sheet.flush()
    sheet.detach()
