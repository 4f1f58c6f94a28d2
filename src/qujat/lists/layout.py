"""Understanding a table: which row holds the headings, what each column means, where data starts.

Offices put a title and a blank row above the headings, merge «ФИО» over three columns, give
«Место работы» two sub-headings, and number the rows in a «№» column. Each of these is read
as a person would read it; where a table could be read two ways, the error says so.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qujat.errors import Location, QujatError
from qujat.lists.headings import FIELD_WORDS, NAME_PARTS, heading_field
from qujat.lists.tables import Table
from qujat.lists.trailers import trailer_kind
from qujat.lists.values import cell_is_empty, clean_text, lost_letters
from qujat.messages import M_, Message, joined
from qujat.spreadsheet import column_letter

#: Headings are looked for in this many rows at the top of a sheet.
HEADING_SEARCH_ROWS = 20
_NAME_FIELDS = ("name", "surname", "given_name")


@dataclass(frozen=True)
class Column:
    """One field of the list and the sheet columns it is read from (several when a heading is
    merged over them: their texts are joined)."""

    field: str
    indexes: tuple[int, ...]
    heading: str

    def letters(self) -> str:
        """The columns as a spreadsheet names them: ``B`` or ``B–D``."""
        first, last = column_letter(self.indexes[0]), column_letter(self.indexes[-1])
        return first if first == last else f"{first}–{last}"


@dataclass(frozen=True)
class Layout:
    """How a table is read: its heading rows, its columns, the first data row, the unused headings."""

    heading_rows: tuple[int, ...]
    columns: tuple[Column, ...]
    first_data: int
    unused: tuple[str, ...]
    #: Rows under the headings that are not people («Итого», a signature line), by index, with
    #: their kind (:func:`qujat.lists.trailers.trailer_kind`).
    trailers: dict[int, str] = field(default_factory=dict)

    def column(self, field: str) -> Column | None:
        """The column of ``field``, if the list has one."""
        return next((c for c in self.columns if c.field == field), None)


def _text(cell: Any) -> str:
    return "" if cell is None else clean_text(str(cell))


def _fields(row: list[Any]) -> list[str | None]:
    return [heading_field(cell) if isinstance(cell, str) else None for cell in row]


def _is_heading_row(row: list[Any]) -> bool:
    return any(field in _NAME_FIELDS for field in _fields(row))


def _is_sub_heading_row(row: list[Any]) -> bool:
    """A second heading row: every filled cell a known heading."""
    filled = [cell for cell in row if not cell_is_empty(cell)]
    return bool(filled) and all(isinstance(c, str) and heading_field(c) for c in filled)


def _is_column_numbers(row: list[Any]) -> bool:
    """The row some forms put under the headings, numbering the columns 1, 2, 3 …"""
    filled = [_text(cell) for cell in row if not cell_is_empty(cell)]
    return len(filled) >= 2 and all(f.removesuffix(".0").isdigit() for f in filled) and \
        [int(float(f)) for f in filled] == list(range(int(float(filled[0])), int(float(filled[0])) + len(filled)))


def _spans(table: Table, row: int, width: int, widen: bool) -> list[tuple[int, int]]:
    """The column span of each filled heading cell of ``row``: its merged range, or (``widen``,
    when a sub-heading row follows) up to the next filled cell."""
    cells = table.rows[row]
    merged = {c0: c1 for r0, c0, r1, c1 in table.merges if r0 <= row <= r1}
    starts = [i for i in range(width) if i < len(cells) and not cell_is_empty(cells[i])]
    spans = []
    for n, start in enumerate(starts):
        end = merged.get(start, start)
        if widen and end == start:
            end = (starts[n + 1] - 1) if n + 1 < len(starts) else width - 1
        spans.append((start, end))
    return spans


def _locate_heading(table: Table, header_row: int | None) -> int:
    if header_row is not None:
        if header_row not in table.row_numbers:
            last = table.row_numbers[-1] if table.rows else 0
            raise QujatError(M_("--header-row %(row)s: the sheet has rows 1–%(last)s", code="list.header-row",
                                row=header_row, last=last), Location(table.source))
        return table.row_numbers.index(header_row)
    for index, row in enumerate(table.rows[:HEADING_SEARCH_ROWS]):
        if _is_heading_row(row):
            return index
    raise QujatError(_no_heading_message(table), Location(table.source))


def _no_heading_message(table: Table) -> str:
    looked = [f"{number} «{' | '.join(_text(c) for c in row if not cell_is_empty(c))[:60]}»"
              for number, row in zip(table.row_numbers[:HEADING_SEARCH_ROWS], table.rows[:HEADING_SEARCH_ROWS])
              if any(not cell_is_empty(c) for c in row)][:4]
    parts: list[Message] = []
    if looked:
        parts.append(M_("rows looked at: %(rows)s", code="list.rows-looked-at", rows=", ".join(looked)))
    else:
        parts.append(M_("the sheet is empty", code="list.empty-sheet"))
    if any(lost_letters(line) for line in looked):
        parts.append(M_("«?» stands for letters the file lost when it was saved in the Windows code page: save it "
                        "as «CSV UTF-8» or XLSX", code="list.lost-letters"))
    parts.append(M_("head the name column «Аты-жөні», «ФИО» or «Full name» (or use Тегі / Аты / Әкесінің аты, "
                    "Фамилия / Имя / Отчество; every heading qujat knows: docs/lists.md), or give the heading row "
                    "with --header-row N", code="list.head-the-name-column"))
    if len(table.sheets) > 1:
        parts.append(M_("the workbook's sheets: %(sheets)s (choose one with --sheet)", code="list.sheets",
                        sheets=", ".join(f"«{n}» ({c})" for n, c in table.sheets)))
    found = M_("no heading row with a name column in the first %(count)s rows", code="list.no-heading-row",
               count=HEADING_SEARCH_ROWS)
    message = joined(found, *parts)
    return M_("sheet «%(sheet)s»: %(problem)s", code="list.in-sheet", sheet=table.sheet, problem=message) \
        if table.sheet else message


def find_layout(table: Table, header_row: int | None = None) -> Layout:
    """The layout of ``table``; ``header_row`` (the spreadsheet's row number) skips the search.

    Raises :class:`QujatError` when no heading row is found, or when the columns could be
    read two ways (two columns for one field, a full name beside name parts, half a name).
    """
    top = _locate_heading(table, header_row)
    width = max((len(r) for r in table.rows), default=0)
    heading_rows = [top]
    below = top + 1
    two_rows = below < len(table.rows) and _is_sub_heading_row(table.rows[below])
    if two_rows:
        heading_rows.append(below)
        below += 1
    if below < len(table.rows) and _is_column_numbers(table.rows[below]):
        below += 1
    columns: list[Column] = []
    unused: list[str] = []
    covered: set[int] = set()
    for start, end in _spans(table, top, width, widen=two_rows):
        parent = _text(table.rows[top][start])
        children = []
        if two_rows:
            sub = table.rows[top + 1]
            children = [(i, _text(sub[i])) for i in range(start, end + 1) if i < len(sub) and not cell_is_empty(sub[i])]
        covered.update(range(start, end + 1))
        if children and any(heading_field(text) for _, text in children):
            for i, text in children:
                _add(columns, unused, heading_field(text), (i,), f"{parent} › {text}")
        else:
            _add(columns, unused, heading_field(parent), tuple(range(start, end + 1)), parent)
    if two_rows:  # sub-headings under no heading of the first row
        sub = table.rows[top + 1]
        for i in range(width):
            if i not in covered and i < len(sub) and not cell_is_empty(sub[i]):
                _add(columns, unused, heading_field(sub[i]), (i,), _text(sub[i]))
    if two_rows:
        sub = table.rows[top + 1]
        covered.update(i for i in range(width) if i < len(sub) and not cell_is_empty(sub[i]))
    trailers = {i: kind for i in range(below, len(table.rows)) if (kind := trailer_kind(table.rows[i]))}
    unused.extend(_unheaded(table, columns, covered, below, width, set(trailers)))
    layout = Layout(tuple(heading_rows), tuple(columns), below, tuple(unused), trailers)
    _check_readable(layout, table)
    return layout


def _unheaded(table: Table, columns: list[Column], headed: set[int], first_data: int, width: int,
              trailers: set[int]) -> list[str]:
    """Columns with values but no heading (in rows of people, not ``trailers``: a total or a
    signature line). Beside the name they could be the rest of the name (a heading not merged
    over them): an error; elsewhere they are named as not used."""
    rows = [row for i, row in enumerate(table.rows[first_data:], start=first_data) if i not in trailers]
    filled = {i for i in range(width) if i not in headed
              and any(i < len(row) and not cell_is_empty(row[i]) for row in rows)}
    name_columns = {i for c in columns if c.field in ("name", *NAME_PARTS) for i in c.indexes}
    for i in sorted(filled):
        if i - 1 in name_columns:
            name = next(c for c in columns if i - 1 in c.indexes)
            raise _two_ways(table, M_("column %(column)s has values but no heading, right of %(name_column)s "
                                      "«%(heading)s»: if the name is spread over both, merge the heading cells "
                                      "over them or head them Тегі / Аты / Әкесінің аты; otherwise give it a heading",
                                      code="list.unheaded-beside-name", column=column_letter(i),
                                      name_column=name.letters(), heading=name.heading))
    return [M_("column %(column)s (no heading)", code="list.unheaded", column=column_letter(i)) for i in sorted(filled)]


def _add(columns: list[Column], unused: list[str], field: str | None, indexes: tuple[int, ...], heading: str) -> None:
    if field is None:
        unused.append(heading)
    else:
        columns.append(Column(field, indexes, heading))


def _two_ways(table: Table, message: str) -> QujatError:
    return QujatError(M_("the columns could be read two ways: %(problem)s", code="list.two-ways", problem=message),
                      Location(table.source))


def _check_readable(layout: Layout, table: Table) -> None:
    """Refuse a layout that would need a guess."""
    seen: dict[str, Column] = {}
    for column in layout.columns:
        if column.field in seen and column.field != "serial":
            other = seen[column.field]
            raise _two_ways(table, M_("columns %(first)s «%(first_heading)s» and %(second)s «%(second_heading)s» "
                                      "both mean %(field)s; delete or rename one of them", code="list.same-field",
                                      first=other.letters(), first_heading=other.heading, second=column.letters(),
                                      second_heading=column.heading, field=FIELD_WORDS.get(column.field, column.field)))
        seen[column.field] = column
    parts = [f for f in NAME_PARTS if f in seen]
    if "name" in seen and parts:
        full, part = seen["name"], seen[parts[0]]
        raise _two_ways(table, M_("%(full)s «%(full_heading)s» is a full name and %(part)s «%(part_heading)s» a part "
                                  "of one; keep either the full name or the parts", code="list.name-and-parts",
                                  full=full.letters(), full_heading=full.heading, part=part.letters(),
                                  part_heading=part.heading))
    if parts and not {"surname", "given_name"} <= set(parts):
        part = seen[parts[0]]
        missing = "Аты / Имя / Given name" if "surname" in parts else "Тегі / Фамилия / Surname"
        raise _two_ways(table, M_("%(part)s «%(heading)s» holds part of a name, but there is no %(missing)s column; "
                                  "if the column holds full names, head it «Аты-жөні» or «ФИО»",
                                  code="list.name-part-alone", part=part.letters(), heading=part.heading,
                                  missing=missing))
