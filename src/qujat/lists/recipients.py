"""A list row's cells as a typed :class:`Recipient`, or the reason they cannot be one."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from qujat.certificates.model import Recipient, TextMap
from qujat.lists.read import ListRow, parse_date
from qujat.records.source import CONTROL_CHARS
from qujat.records.text import OWN

#: The text fields of a row that end up printed.
PRINTED_FIELDS = ("name", "position", "organisation", "occasion", "place")


def cell_text(value: Any) -> TextMap | None:
    """A cell (or a record field) as a record text, ``None`` for an empty cell; a whole number
    stored as a float (Excel's way) prints without ``.0``."""
    if value is None:
        return None
    if isinstance(value, dict):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return {OWN: text} if text else None


def cell_word(value: Any) -> str | None:
    """A cell holding one word (an award id, a number) as a string, ``None`` when empty."""
    text = cell_text(value)
    return next(iter(text.values())) if text else None


def _check_controls(name: str, value: TextMap | None) -> None:
    for text in (value or {}).values():
        found = CONTROL_CHARS.search(text)
        if found:
            raise ValueError(f"{name} holds the control character U+{ord(found.group()):04X}")


def row_recipient(item: ListRow) -> Recipient:
    """The recipient a row describes; ``ValueError`` says in a line what is wrong with it."""
    values = item.values
    texts = {key: cell_text(values.get(key)) for key in PRINTED_FIELDS}
    if not texts["name"]:
        raise ValueError("the name is empty")
    for key, text in texts.items():
        _check_controls(key, text)
    raw_date = values.get("date")
    language = "".join((cell_word(values.get("language")) or "").split())
    return Recipient(name=texts["name"], position=texts["position"], organisation=texts["organisation"],
                     award=cell_word(values.get("award")), language=language or None,
                     date=parse_date(raw_date) if raw_date not in (None, "") else None,
                     number=cell_word(values.get("number")), place=texts["place"], occasion=texts["occasion"],
                     row=item.row, sequence=item.sequence, iin=cell_word(values.get("iin")))


def numbered_rows(rows: Iterable[ListRow], default_award: str | None) -> Iterator[ListRow]:
    """The rows, each given its place among the rows of the same award (its ``sequence``), so that
    numbers follow list order per award and a slice of the list numbers as the whole list does."""
    counters: dict[str, int] = {}
    for item in rows:
        award = cell_word(item.values.get("award")) or default_award or ""
        item.sequence = counters.get(award, 0)
        counters[award] = item.sequence + 1
        yield item
