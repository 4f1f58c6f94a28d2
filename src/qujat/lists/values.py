"""Cell values as offices type them: cleaned text, dates in the usual forms, lost letters caught."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

#: Excel's escape for a character XML cannot hold directly, e.g. ``_x000D_`` for a carriage return.
_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
#: Invisible and formatting characters pasted from Word or the web: soft hyphen, zero-width
#: space, non-joiner and joiner, word joiner, byte order mark, direction marks.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: «?» standing for a letter: a question mark with a letter right before or after it.
_LOST_LETTER = re.compile(r"(?<=\w)\?|\?(?=\w)")
_DATE_WORDS = re.compile(r"\s*(?:г\.?|года|год|ж\.?|жылы|жылғы|жыл)\s*$", re.IGNORECASE)
_DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y", "%d/%m/%Y", "%Y.%m.%d")


def decode_excel_escapes(text: str) -> str:
    """``_x000D_`` and the like as the characters they stand for (``_x005F_`` is a literal ``_``).

    >>> decode_excel_escapes("Абай_x000D_ Құнанбайұлы")
    'Абай\\r Құнанбайұлы'
    """
    return _EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def clean_text(value: str) -> str:
    """A cell's text as it should print: Excel escapes decoded, invisible characters removed,
    no-break, thin and other spaces and line breaks as one space, in Unicode's composed form (NFC).

    >>> clean_text("маши\\u00adнист\\u00a0 депо\\u200b ")
    'машинист депо'
    """
    text = _INVISIBLE.sub("", decode_excel_escapes(value))
    text = "".join(" " if unicodedata.category(c) in ("Zs", "Zl", "Zp") else c for c in text)
    return unicodedata.normalize("NFC", " ".join(text.split()))


def lost_letters(text: str) -> bool:
    """True when «?» stands where a letter should be (``Жа?сыбекова``): a file saved in a code
    page without Kazakh letters replaced them with «?»."""
    return bool(_LOST_LETTER.search(text))


def cell_date(value: Any) -> dt.date:
    """A date from a cell: a real date cell, or text DD.MM.YYYY, D.M.YYYY, DD.MM.YY (20YY),
    YYYY-MM-DD, with or without «г.» / «ж.»; ``ValueError`` says what to write instead.

    >>> cell_date("4.7.2018 г."), cell_date("04.07.18"), cell_date("2018-07-04 ж.")
    (datetime.date(2018, 7, 4), datetime.date(2018, 7, 4), datetime.date(2018, 7, 4))
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _DATE_WORDS.sub("", clean_text(str(value)))
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"'{value}' is not a date; write it as DD.MM.YYYY (04.07.2018) or YYYY-MM-DD")


def cell_is_empty(value: Any) -> bool:
    """True for an empty cell, or one holding only spaces and invisible characters."""
    return value is None or (isinstance(value, str) and not clean_text(value))


def column_letter(index: int) -> str:
    """``0`` -> ``A``, ``27`` -> ``AB``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
