"""Recipient lists in: XLSX, CSV (UTF-8 or Windows-1251, comma or semicolon) and YAML.

Columns are recognised by their header in Kazakh, Russian or English; rows are streamed, never
all held in memory. Each row keeps the number a person sees in their spreadsheet.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qujat.certificates.model import IssueSettings
from qujat.errors import Location, QujatError

if TYPE_CHECKING:
    from qujat.records.schema import Record

#: Canonical field -> the headers that mean it (compared lower-case, without punctuation).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "recipient", "фио", "ф и о", "фамилия имя отчество", "фамилия имя",
             "получатель", "аты жөні", "толық аты жөні", "тегі аты әкесінің аты", "аты"),
    "position": ("position", "job title", "post", "должность", "лауазымы", "лауазым", "қызметі"),
    "organisation": ("organisation", "organization", "employer", "организация", "место работы",
                     "ұйым", "ұйымы", "жұмыс орны"),
    "award": ("award", "award id", "награда", "марапат", "марапаты"),
    "language": ("language", "lang", "язык", "тіл", "тілі"),
    "date": ("date", "дата", "күні", "күн"),
    "number": ("number", "no", "№", "номер", "нөмір", "нөмірі", "certificate number"),
    "place": ("place", "city", "город", "место", "қала", "орны"),
    "occasion": ("occasion", "reason", "повод", "основание", "себебі", "негіз"),
    "iin": ("iin", "иин", "жсн"),
}
_ALIAS_TO_FIELD = {alias: name for name, aliases in COLUMN_ALIASES.items() for alias in aliases}


def canonical_column(header: Any) -> str | None:
    """The field a header means (``"Аты-жөні"`` -> ``"name"``), or None when unknown."""
    text = re.sub(r"[\s\-_.,:;/()]+", " ", str(header or "")).strip().lower()
    return _ALIAS_TO_FIELD.get(text) or _ALIAS_TO_FIELD.get(text.replace("ё", "е"))


@dataclass
class ListRow:
    """One data row: its number as the user sees it, its 0-based index, and its fields."""

    row: int
    index: int
    values: dict[str, Any]
    sequence: int = 0  # position among the list's rows of the same award (for numbering)


@dataclass
class RecipientList:
    """A readable recipient list: recognised columns, ignored ones, and the rows (streamed)."""

    source: str
    columns: list[str]
    unknown_columns: list[str]
    rows: Iterator[ListRow]
    total: int | None = None
    row_label: str = "row"
    settings: IssueSettings = field(default_factory=IssueSettings)


#: Lists longer than this are refused ($QUJAT_MAX_ROWS overrides).
MAX_ROWS = 100_000
#: An XLSX whose parts unpack to more than this, or far more than their packed size, is refused.
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
MAX_PACKING_RATIO = 200


def max_rows() -> int:
    """The most rows a list may have: $QUJAT_MAX_ROWS, or 100,000."""
    value = os.environ.get("QUJAT_MAX_ROWS", "")
    return int(value) if value.isdigit() else MAX_ROWS


def _unusable(path: str, message: str) -> QujatError:
    return QujatError(message, Location(path))


def _header_map(path: str, header: list[Any]) -> tuple[dict[int, str], list[str], list[str]]:
    mapping: dict[int, str] = {}
    unknown: list[str] = []
    for i, cell in enumerate(header):
        name = canonical_column(cell)
        if name and name not in mapping.values():
            mapping[i] = name
        elif str(cell or "").strip():
            unknown.append(str(cell).strip())
    if "name" not in mapping.values():
        found = ", ".join(str(c) for c in header if str(c or "").strip()) or "none"
        raise _unusable(path, f"no name column (name / ФИО / Аты-жөні) in the header row; columns found: {found}")
    return mapping, [mapping[i] for i in sorted(mapping)], unknown


def _rows(cells: Iterator[tuple[int, list[Any]]], mapping: dict[int, str], path: str = "") -> Iterator[ListRow]:
    index = 0
    limit = max_rows()
    for row_number, values in cells:
        if not any(str(v).strip() for v in values if v is not None):
            continue  # blank line
        if index >= limit:
            raise _unusable(path, f"has more than {limit} rows; split it (--rows) or raise $QUJAT_MAX_ROWS")
        fields = {}
        for i, name in mapping.items():
            value = values[i] if i < len(values) else None
            fields[name] = value.strip() if isinstance(value, str) else value
        yield ListRow(row_number, index, fields)
        index += 1


def _detect_encoding(head: bytes) -> str:
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:  # a character cut at the end of the sample
            return "utf-8"
        return "cp1251"


def read_csv(path: str | Path) -> RecipientList:
    """A CSV list: UTF-8 (with or without BOM) or Windows-1251, comma or semicolon separated."""
    name = str(path)
    try:
        with open(path, "rb") as raw:
            head = raw.read(1 << 16)
            total = head.count(b"\n") + sum(chunk.count(b"\n") for chunk in iter(lambda: raw.read(1 << 20), b""))
    except OSError as exc:
        raise _unusable(name, f"cannot be read: {exc.strerror}") from None
    if b"\x00" in head:
        raise _unusable(name, "is not a CSV text file (it holds binary data); save the list as CSV or XLSX")
    encoding = _detect_encoding(head)
    first_line = head.decode(encoding, errors="replace").splitlines()[0] if head.strip() else ""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    fh = open(path, encoding=encoding, newline="")  # noqa: SIM115 - closed by the row generator
    reader = csv.reader(fh, delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, UnicodeDecodeError, csv.Error):
        fh.close()
        raise _unusable(name, "is empty or not a CSV list; the first row must name the columns") from None
    mapping, columns, unknown = _header_map(name, header)

    def cells() -> Iterator[tuple[int, list[Any]]]:
        with fh:
            row_number = 1
            while True:
                try:
                    values = next(reader)
                except StopIteration:
                    return
                except (UnicodeDecodeError, csv.Error) as exc:
                    raise _unusable(name, f"row {row_number + 1}: unreadable ({exc})") from None
                row_number = reader.line_num
                yield row_number, values

    return RecipientList(name, columns, unknown, _rows(cells(), mapping, name), total=max(total - 1, 0))


def read_xlsx(path: str | Path, sheet: str | None = None) -> RecipientList:
    """An XLSX list (first sheet, or ``sheet``), read-only and streamed; formulas give their
    cached values and are never evaluated."""
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    name = str(path)
    _refuse_zip_bomb(name)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _unusable(name, f"is not a readable XLSX workbook ({type(exc).__name__}); "
                              "save the list as .xlsx or .csv") from None
    if sheet is not None and sheet not in workbook.sheetnames:
        raise _unusable(name, f"has no sheet '{sheet}'; sheets: {', '.join(workbook.sheetnames)}")
    worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
    rows = worksheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        workbook.close()
        raise _unusable(name, "the sheet is empty; the first row must name the columns")
    mapping, columns, unknown = _header_map(name, list(header))
    total = (worksheet.max_row - 1) if worksheet.max_row else None

    def cells() -> Iterator[tuple[int, list[Any]]]:
        try:
            for number, values in enumerate(rows, start=2):
                yield number, list(values)
        finally:
            workbook.close()

    return RecipientList(name, columns, unknown, _rows(cells(), mapping, name), total=total)


def _refuse_zip_bomb(name: str) -> None:
    """Refuse an XLSX whose parts would unpack to an unreasonable size (a "zip bomb")."""
    import zipfile

    try:
        with zipfile.ZipFile(name) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return  # openpyxl reports it as not a workbook
    unpacked = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if unpacked > MAX_UNPACKED_BYTES or (unpacked > 50 * 1024 * 1024 and unpacked / packed > MAX_PACKING_RATIO):
        raise _unusable(name, f"unpacks to {unpacked // 2**20} MB from {packed // 2**10} KB: refused as a zip bomb")


def read_yaml_list(path: str | Path) -> RecipientList:
    """A YAML list: a meeting record (its awards section) or a list of recipient mappings."""
    from qujat.records.schema import record_from_data
    from qujat.records.source import load_yaml

    name = str(path)
    source = load_yaml(path)
    data = source.data
    if isinstance(data, dict) and "awards" in data:
        record = record_from_data(source)
        return record_list(record)
    items = data.get("recipients") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise _unusable(name, "a YAML list is a meeting record or a list of recipients (- name: ...)")
    prefix = ("recipients",) if isinstance(data, dict) else ()

    def cells() -> Iterator[ListRow]:
        for index, item in enumerate(items):
            line = source.locate((*prefix, index)).line or 0
            values: dict[str, Any] = {}
            if isinstance(item, dict):
                for key, value in item.items():
                    field_name = canonical_column(key)
                    if field_name:
                        values[field_name] = value
            yield ListRow(line, index, values)

    known = {canonical_column(k) for i in items if isinstance(i, dict) for k in i}
    return RecipientList(name, sorted(k for k in known if k),
                         sorted({str(k) for i in items if isinstance(i, dict) for k in i if not canonical_column(k)}),
                         cells(), total=len(items), row_label="line")


def record_list(record: Record) -> RecipientList:
    """The recipients of a record's awards as a list, issued with the record's date, city,
    chair (as signatory), organisation (as issuer) and language."""
    rows = []
    index = 0
    for g, grant in enumerate(record.awards):
        for r, person in enumerate(grant.recipients):
            line = record.locate("awards", g, "recipients", r).line or 0
            rows.append(ListRow(line, index, {"name": person.name, "position": person.position,
                                              "organisation": person.organisation, "award": grant.award,
                                              "occasion": grant.occasion}))
            index += 1
    source = str(record.locate().file or "")
    settings = IssueSettings(date=record.date, place=record.city, signatory=record.chair.name,
                             organisation=record.organisation, own_language=record.language,
                             lang=record.language, source=source)
    return RecipientList(source, ["name", "position", "organisation", "award", "occasion"], [],
                         iter(rows), total=len(rows), row_label="line", settings=settings)


def read_list(path: str | Path, sheet: str | None = None) -> RecipientList:
    """Open a recipient list by its extension: .xlsx, .csv (or .txt), .yaml/.yml."""
    p = Path(path)
    if not p.is_file():
        raise _unusable(str(path), "no such file" if not p.exists() else "is not a file")
    suffix = p.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        listing = read_xlsx(p, sheet)
    elif suffix in (".csv", ".txt", ".tsv"):
        listing = read_csv(p)
    elif suffix in (".yaml", ".yml"):
        listing = read_yaml_list(p)
    else:
        raise _unusable(str(path), f"'{p.suffix}' is not a list qujat reads; use .xlsx, .csv or .yaml")
    if listing.total is not None and listing.total > max_rows():
        getattr(listing.rows, "close", lambda: None)()
        raise _unusable(str(path), f"has {listing.total} rows, more than {max_rows()}; split it (--rows) "
                                   "or raise $QUJAT_MAX_ROWS")
    return listing


def parse_date(value: Any) -> dt.date:
    """A date from a cell: a real date, ``YYYY-MM-DD`` or ``DD.MM.YYYY``; ValueError otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"'{text}' is not a date; write YYYY-MM-DD or DD.MM.YYYY")


def template_list(path: str | Path, lang: str = "kk") -> Path:
    """Write an empty list with the right headers (XLSX or CSV by extension) and return its path."""
    from qujat.i18n.localizer import Localizer
    from qujat.output import write_atomic

    loc = Localizer(lang)
    _ = loc.gettext
    headers = [_("Full name"), _("Position"), _("Organisation"), _("Award"), _("Language"), _("Date"), _("Number")]
    p = Path(path)
    if p.suffix.lower() == ".csv":
        text = io.StringIO()
        csv.writer(text).writerow(headers)
        return write_atomic(p, ("\ufeff" + text.getvalue()).encode("utf-8"))
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFG", (40, 30, 40, 18, 8, 12, 12)):
        sheet.column_dimensions[letter].width = width
    buf = io.BytesIO()
    workbook.save(buf)
    return write_atomic(p, buf.getvalue())
