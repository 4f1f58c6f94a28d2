"""A list row's cells as a typed :class:`Recipient`, or the reason they cannot be one."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from qujat.i18n.names import name_texts
from qujat.identity import normalise_iin
from qujat.lists.read import ListRow
from qujat.lists.values import cell_date, cell_is_empty, clean_text, lost_letters
from qujat.messages import M_
from qujat.model import FIELD_WORDS, PRINTED_FIELDS, Recipient, TextMap
from qujat.text import CONTROL_CHARS, OWN

LOST_LETTERS = M_("has «?» where a letter should be: the file lost its Kazakh letters when it was saved as CSV in "
                  "the Windows code page; in Excel save it as «CSV UTF-8 (Comma delimited)» or as XLSX",
                  code="row.lost-letters")


def cell_text(value: Any) -> TextMap | None:
    """A cell (or a record field) as a record text, ``None`` for an empty cell; a whole number
    stored as a float (Excel's way) prints without ``.0``; text is cleaned as it should print."""
    if value is None:
        return None
    if isinstance(value, dict):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    text = clean_text(value.strftime("%d.%m.%Y") if isinstance(value, dt.date) else str(value))
    return {OWN: text} if text else None


def cell_word(value: Any) -> str | None:
    """A cell holding one word (an award id, a number) as a string, ``None`` when empty."""
    text = cell_text(value)
    return next(iter(text.values())) if text else None


def row_name(values: dict[str, Any]) -> TextMap | None:
    """The name a row gives: its full-name cell, or its name parts joined in each language's order."""

    if "surname" not in values:
        return cell_text(values.get("name"))
    parts = [cell_word(values.get(part)) or "" for part in ("surname", "given_name", "patronymic")]
    return name_texts(*parts) if any(parts) else None


def _check(name: str, value: TextMap | None) -> None:
    field = FIELD_WORDS.get(name, name)
    for text in (value or {}).values():
        found = CONTROL_CHARS.search(text)
        if found:
            raise ValueError(M_("%(field)s holds the control character %(code_point)s", code="row.control-character",
                                field=field, code_point="U+" + format(ord(found.group()), "04X")))
        if lost_letters(text):
            raise ValueError(M_("%(field)s «%(text)s» %(problem)s", code="row.lost-letters-in", field=field, text=text,
                                problem=LOST_LETTERS))


def row_recipient(item: ListRow, default_date: dt.date | None = None) -> Recipient:
    """The recipient a row describes; ``ValueError`` says in a line what is wrong with it.

    A list with a date column needs a date in every row, or ``default_date`` (--date): an
    empty date is never taken to mean today.
    """
    values = item.values
    texts = {key: cell_text(values.get(key)) for key in PRINTED_FIELDS}
    texts["name"] = row_name(values)
    if not texts["name"]:
        raise ValueError(M_("the name is empty", code="row.no-name"))
    for key, text in texts.items():
        _check(key, text)
    if "date" in values and cell_is_empty(values["date"]) and default_date is None:
        raise ValueError(M_("the date is empty: fill it in, or give --date for the rows without one",
                            code="row.no-date"))
    date = None if cell_is_empty(values.get("date")) else cell_date(values["date"])
    language = "".join((cell_word(values.get("language")) or "").split())
    iin = normalise_iin(values.get("iin")) if not cell_is_empty(values.get("iin")) else None
    return Recipient(name=texts["name"], position=texts["position"], organisation=texts["organisation"],
                     title=texts["title"],
                     award=cell_word(values.get("award")), language=language or None,
                     date=date, number=cell_word(values.get("number")), place=texts["place"],
                     occasion=texts["occasion"], row=item.row, sequence=item.sequence, iin=iin)


def numbered_rows(rows: Iterable[ListRow], default_award: str | None,
                  series: Callable[[str], str] = str) -> Iterator[ListRow]:
    """The rows, each given its place among the rows of the same award (its ``sequence``), so that
    numbers follow list order per award and a slice of the list numbers as the whole list does.
    ``series`` tells which award a row's text means (an id or a name in any language)."""
    counters: dict[str, int] = {}
    for item in rows:
        award = series(cell_word(item.values.get("award")) or default_award or "")
        item.sequence = counters.get(award, 0)
        counters[award] = item.sequence + 1
        yield item
