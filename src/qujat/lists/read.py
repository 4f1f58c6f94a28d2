"""Recipient lists in: workbooks (XLSX, XLS, ODS), text lists (CSV, TSV) and YAML.

A sheet is read as a person reads it (see :mod:`qujat.lists.layout`): the heading row found
below any title, merged headings and sub-headings understood, each row numbered as the
spreadsheet numbers it. What could be read two ways is an error, never a guess.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qujat.errors import Location, QujatError
from qujat.i18n.localizer import Localizer
from qujat.i18n.templating import capfirst
from qujat.lists.headings import NAME_PARTS, heading_field
from qujat.lists.layout import Column, Layout, find_layout
from qujat.lists.tables import (
    TEXT_SUFFIXES,
    WORKBOOK_SUFFIXES,
    Table,
    max_rows,
    read_text_table,
    read_workbook,
    too_many_people,
    unusable,
)
from qujat.lists.trailers import KIND_WORDS
from qujat.lists.values import cell_is_empty, clean_text, read_date
from qujat.messages import M_, Message, Mn_, day
from qujat.model import IssueSettings
from qujat.output import write_atomic
from qujat.records.schema import record_from_data
from qujat.records.source import load_yaml
from qujat.settings import Settings, applied

if TYPE_CHECKING:
    from qujat.records.schema import Record

#: A certificate number as awards number them: letters or digits, a dash, digits (A20-0007).
_CERTIFICATE_NUMBER = re.compile(r"^[^\W\d_][\w/.-]*-?\d+$|^\w+[-/]\d+$")


@dataclass
class ListRow:
    """One data row: its number as the user sees it, its 0-based index, and its fields."""

    row: int
    index: int
    values: dict[str, Any]
    sequence: int = 0  # position among the list's rows of the same award (for numbering)


class ListRows(Iterable[ListRow]):
    """A list's data rows, read afresh each time they are iterated (a sheet of 100,000 rows is
    never held as row objects); iterate as often as needed."""

    def __init__(self, make: Callable[[], Iterator[ListRow]]) -> None:
        self._make = make

    def __iter__(self) -> Iterator[ListRow]:
        return self._make()


@dataclass
class RecipientList:
    """A readable recipient list: the fields found, the headings not used, and the rows."""

    source: str
    columns: list[str]
    unknown_columns: list[str]
    rows: Iterable[ListRow]
    total: int | None = None
    row_label: str = "row"
    settings: IssueSettings = field(default_factory=IssueSettings)
    layout: Layout | None = None
    sheet: str | None = None
    #: What ``--check`` says besides the columns: rows that are not people (a total line, a
    #: signature line) and every date that was read by a choice (written out, Excel's day number).
    notes: list[str] = field(default_factory=list)


def _whole_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and clean_text(value).isdigit():
        return int(clean_text(value))
    return None


def _number_or_serial(table: Table, layout: Layout, column: Column) -> str:
    """«№» read from its values: ``serial`` when they count the rows (1, 2, 3 …), ``number`` when
    they look like certificate numbers (A20-0007); an error when they are neither. Only the
    rows of people count: a row with no name («Дата: 04.07.2018» written in the «№» column
    under the list) is not one, and fails as a row of its own."""
    names = [c for c in layout.columns if c.field == "name" or c.field in NAME_PARTS]

    def named(row: list[Any]) -> bool:
        return not names or any(not cell_is_empty(_cell(row, c)) for c in names)

    values = [table.rows[r][column.indexes[0]] for r in range(layout.first_data, len(table.rows))
              if column.indexes[0] < len(table.rows[r]) and not cell_is_empty(table.rows[r][column.indexes[0]])
              and r not in layout.trailers and named(table.rows[r])]
    numbers = [n for n in (_whole_number(v) for v in values) if n is not None]
    if not values or (len(numbers) == len(values) and numbers == list(range(numbers[0], numbers[0] + len(numbers)))):
        return "serial"
    if all(isinstance(v, str) and _CERTIFICATE_NUMBER.match(clean_text(v)) for v in values):
        return "number"
    raise QujatError(M_("the column %(column)s «%(heading)s» could be read two ways: its values are neither a count "
                        "of the rows (1, 2, 3 …) nor certificate numbers (A20-0007); head it «№ п/п» if it counts the "
                        "rows, «Номер удостоверения» if it holds certificate numbers", code="list.number-or-serial",
                        column=column.letters(), heading=column.heading), Location(table.source))


def _cell(row: list[Any], column: Column) -> Any:
    if len(column.indexes) == 1:
        return row[column.indexes[0]] if column.indexes[0] < len(row) else None
    parts = [clean_text(str(row[i])) for i in column.indexes if i < len(row) and not cell_is_empty(row[i])]
    return " ".join(parts) or None


#: What to do with the rows a workbook hides: None (stop and ask), "skip" or "include".
HIDDEN_ROWS = ("skip", "include")


def table_list(table: Table, header_row: int | None = None, hidden_rows: str | None = None) -> RecipientList:
    """The recipients of a table, with how its columns were understood. Rows the workbook hides
    (by hand or by a filter) are never read in silence: without ``hidden_rows`` ("skip" or
    "include") a table that has some is refused with one line naming them."""
    layout = find_layout(table, header_row)
    columns = []
    for column in layout.columns:
        if column.field == "number_or_serial":
            column = Column(_number_or_serial(table, layout, column), column.indexes, column.heading)
        columns.append(column)
    layout = Layout(layout.heading_rows, tuple(columns), layout.first_data, layout.unused, layout.trailers)
    used = [c for c in columns if c.field != "serial"]
    people: list[tuple[int, list[Any]]] = []
    notes: list[str] = []
    for index in range(layout.first_data, len(table.rows)):
        number, cells = table.row_numbers[index], table.rows[index]
        if all(cell_is_empty(c) for c in cells):
            continue  # a blank line
        kind = layout.trailers.get(index)
        if kind is not None:
            shown = " | ".join(clean_text(str(c)) for c in cells if not cell_is_empty(c))
            notes.append(M_("  row %(row)s «%(text)s»: %(kind)s, not a person: not printed", code="check.not-a-person",
                            row=number, text=shown[:80], kind=KIND_WORDS[kind]))
            continue
        people.append((number, cells))
    hidden = [number for number, _ in people if number in table.hidden]
    if hidden and hidden_rows not in HIDDEN_ROWS:
        shown = ", ".join(str(n) for n in hidden[:10]) + (f" … ({len(hidden)} in all)" if len(hidden) > 10 else "")
        raise QujatError(M_("rows %(rows)s are hidden in the workbook (hidden, or filtered out): say whether to "
                            "print them: --hidden-rows skip leaves them out, --hidden-rows include prints them",
                            code="list.hidden-rows", rows=shown), Location(table.source))
    if hidden_rows == "skip":
        people = [(number, cells) for number, cells in people if number not in table.hidden]
    if len(people) > max_rows():
        raise too_many_people(table.source, len(people))
    date_column = layout.column("date")
    if date_column is not None:
        notes += date_readings([(number, _cell(cells, date_column)) for number, cells in people])

    def rows() -> Iterator[ListRow]:
        for index, (number, cells) in enumerate(people):
            yield ListRow(number, index, {c.field: _cell(cells, c) for c in used})

    return RecipientList(table.source, [c.field for c in used], list(layout.unused), ListRows(rows), total=len(people),
                         layout=layout, sheet=table.sheet, notes=notes)


#: Dates read by a choice that ``--check`` lists one by one before it sums up the rest.
SHOWN_READINGS = 20


def _spans(numbers: list[int]) -> Message:
    """Row numbers as a person writes them: ``row 3``, ``rows 3–5, 9``."""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][-1] + 1:
            spans[-1].append(n)
        else:
            spans.append([n])
    text = ", ".join(f"{s[0]}–{s[-1]}" if len(s) > 2 else ", ".join(map(str, s)) for s in spans)
    return Mn_("row %(rows)s", "rows %(rows)s", len(numbers), code="where.rows", rows=text)


def date_readings(cells: list[tuple[int, Any]]) -> list[str]:
    """One line per date value that was read by a choice (written out, Excel's day number, a
    slash date whose day is over 12, a two-digit year), with the rows holding it: what
    ``--check`` shows. Dates that cannot be read are the rows' own problems."""
    found: dict[tuple[str, dt.date, str], list[int]] = {}
    for number, value in cells:
        if cell_is_empty(value):
            continue
        try:
            reading = read_date(value)
        except ValueError:
            continue
        if reading.how:
            raw = value if isinstance(value, str) else f"{value:g}" if isinstance(value, float) else str(value)
            found.setdefault((clean_text(raw), reading.date, reading.how), []).append(number)
    lines: list[str] = [M_("  %(rows)s: «%(value)s» read as %(date)s (%(how)s)", code="check.date-read",
                           rows=_spans(numbers), value=raw, date=day(date), how=how)
                        for (raw, date, how), numbers in found.items()]
    if len(lines) > SHOWN_READINGS:
        lines = [*lines[:SHOWN_READINGS], Mn_("  … and %(num)s more date read the same ways",
                                              "  … and %(num)s more dates read the same ways",
                                              len(lines) - SHOWN_READINGS, code="check.more-dates")]
    return lines


def _yaml_field(key: Any) -> str | None:
    """The field a YAML list's key names; ``number`` there is always the certificate number."""
    found = heading_field(key)
    return "number" if found == "number_or_serial" else found


def read_yaml_list(path: str | Path) -> RecipientList:
    """A YAML list: a meeting record (its awards section) or a list of recipient mappings."""

    name = str(path)
    source = load_yaml(path)
    data = source.data
    if isinstance(data, dict) and "awards" in data:
        record = record_from_data(source)
        return record_list(record)
    items = data.get("recipients") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise unusable(name, M_("a YAML list is a meeting record or a list of recipients (- name: ...)",
                                code="list.yaml-shape"))
    prefix = ("recipients",) if isinstance(data, dict) else ()
    if len(items) > max_rows():
        raise too_many_people(name, len(items))

    def cells() -> Iterator[ListRow]:
        for index, item in enumerate(items):
            line = source.locate((*prefix, index)).line or 0
            values: dict[str, Any] = {}
            if isinstance(item, dict):
                for key, value in item.items():
                    field_name = _yaml_field(key)
                    if field_name:
                        values[field_name] = value
            yield ListRow(line, index, values)

    known = {_yaml_field(k) for i in items if isinstance(i, dict) for k in i}
    return RecipientList(name, sorted(k for k in known if k),
                         sorted({str(k) for i in items if isinstance(i, dict) for k in i if not _yaml_field(k)}),
                         ListRows(cells), total=len(items), row_label="line")


def signatory_title(record: Record) -> dict[str, str] | None:
    """The post printed above the chair's signature on the record's certificates: the record's
    ``signatory_title``, else the chair's ``title`` (post and organisation) with a capital letter;
    None when the record gives neither (then no title is printed under its organisation)."""

    if record.signatory_title:
        return record.signatory_title
    if record.chair.title:
        return {lang: capfirst(text) for lang, text in record.chair.title.items()}
    return None


def record_list(record: Record) -> RecipientList:
    """The recipients of a record's awards as a list, issued with the record's date, city,
    chair (as signatory, with :func:`signatory_title`), organisation (as issuer) and language."""
    rows = []
    index = 0
    for g, grant in enumerate(record.awards):
        for r, person in enumerate(grant.recipients):
            line = record.locate("awards", g, "recipients", r).line or 0
            rows.append(ListRow(line, index, {"name": person.name, "position": person.position,
                                              "organisation": person.organisation, "title": person.title,
                                              "award": grant.award, "occasion": grant.occasion}))
            index += 1
    source = str(record.locate().file or "")
    settings = IssueSettings(date=record.date, place=record.city, signatory=record.chair.name,
                             organisation=record.organisation, signatory_title=signatory_title(record),
                             own_language=record.language, lang=record.language, source=source)
    return RecipientList(source, ["name", "position", "organisation", "award", "occasion"], [],
                         rows, total=len(rows), row_label="line", settings=settings)


def read_list(path: str | Path, *, sheet: str | None = None, header_row: int | None = None,
              hidden_rows: str | None = None, settings: Settings | None = None) -> RecipientList:
    """Open a recipient list by its extension: .xlsx, .xls, .ods, .csv, .tsv (or .txt), .yaml/.yml.

    ``sheet`` names a workbook's sheet (default: the first visible one); ``header_row`` is the
    spreadsheet's number of the heading row (default: found in the first 20 rows);
    ``hidden_rows`` ("skip" or "include") what to do with rows the workbook hides (default:
    a workbook with hidden rows is refused, naming them); the list may have at most the
    settings' ``max_list_rows`` rows (``max_list_bytes`` for a text list).
    """
    with applied(settings):
        return _read(path, sheet, header_row, hidden_rows)


def _read(path: str | Path, sheet: str | None, header_row: int | None, hidden_rows: str | None) -> RecipientList:
    p = Path(path)
    name = str(path)
    if not p.is_file():
        raise unusable(name, M_("no such file", code="file.missing") if not p.exists() else
                       M_("is not a file", code="file.not-a-file"))
    suffix = p.suffix.lower()
    if suffix in (".yaml", ".yml"):
        if sheet or header_row:
            raise QujatError(M_("--sheet and --header-row are for spreadsheets, not YAML lists",
                                code="list.yaml-options"), Location(name))
        return read_yaml_list(p)
    if suffix in WORKBOOK_SUFFIXES:
        table = read_workbook(name, sheet)
    elif suffix in TEXT_SUFFIXES:
        if sheet:
            raise QujatError(M_("--sheet is for workbooks (XLSX, XLS, ODS); a CSV file has one sheet",
                                code="list.csv-sheet"), Location(name))
        table = read_text_table(name)
    else:
        raise unusable(name, M_("'%(suffix)s' is not a list qujat reads; use .xlsx, .xls, .ods, .csv or .yaml",
                                code="list.suffix", suffix=p.suffix))
    try:
        return table_list(table, header_row, hidden_rows)
    except QujatError:
        if suffix in WORKBOOK_SUFFIXES and sheet is None and len(table.sheets) > 1:
            _suggest_sheet(name, table)
        raise


def _suggest_sheet(name: str, table: Table) -> None:
    """When the first sheet has no list but another has, say which: never read another in silence."""
    for other, _count in table.sheets:
        if other == table.sheet:
            continue
        try:
            table_list(read_workbook(name, other))
        except QujatError:
            continue
        raise QujatError(M_("sheet «%(sheet)s» has no list with a name column, but sheet «%(other)s» has one: "
                            "add --sheet \"%(other)s\"", code="list.other-sheet", sheet=table.sheet, other=other),
                         Location(name))


def template_list(path: str | Path, lang: str = "kk") -> Path:
    """Write an empty list with the right headers (XLSX or CSV by extension) and return its path."""

    loc = Localizer(lang)
    _ = loc.gettext
    headers = [_("Full name"), _("Position"), _("Organisation"), _("Award"), _("Language"), _("Date"),
               _("Certificate number")]
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
