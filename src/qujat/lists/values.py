"""Cell values as offices type them: cleaned text, dates in the usual forms, lost letters caught."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from babel.dates import format_date, get_month_names

from qujat.i18n.grammar import KK_MONTHS_ATTRIBUTIVE
from qujat.i18n.translit import to_latin
from qujat.messages import M_, Message, day

#: Invisible and formatting characters pasted from Word or the web: soft hyphen, zero-width
#: space, non-joiner and joiner, word joiner, byte order mark, direction marks.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: Unicode's space, line and paragraph separators (categories Zs, Zl, Zp), each printed as a space:
#: no-break, thin, figure and ideographic spaces among them (``tests/test_lists.py`` checks this
#: list against the Unicode database).
SEPARATORS = "\u0020\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_SEPARATORS = re.compile(f"[{SEPARATORS[1:]}]")
#: «?» standing for a letter: a question mark with a letter right before or after it.
_LOST_LETTER = re.compile(r"(?<=\w)\?|\?(?=\w)")
_DATE_WORDS = re.compile(r"\s*(?:г\.?|года|год|ж\.?|жылы|жылғы|жыл)\s*$", re.IGNORECASE)
_DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y", "%Y.%m.%d", "%Y/%m/%d")


def clean_text(value: str) -> str:
    """A cell's text as it should print: invisible characters removed, no-break, thin and other
    spaces and line breaks as one space, in Unicode's composed form (NFC). Excel's escapes
    (``_x000D_``) are python-calamine's to decode, once: a cell that shows ``lit_x0041_eral``
    stays so.

    >>> clean_text("маши\\u00adнист\\u00a0 депо\\u200b ")
    'машинист депо'
    """
    text = _SEPARATORS.sub(" ", _INVISIBLE.sub("", value))
    return unicodedata.normalize("NFC", " ".join(text.split()))


def lost_letters(text: str) -> bool:
    """True when «?» stands where a letter should be (``Жа?сыбекова``): a file saved in a code
    page without Kazakh letters replaced them with «?»."""
    return bool(_LOST_LETTER.search(text))


@dataclass(frozen=True)
class DateReading:
    """A date read from a cell, and how it was read when that needed a choice (``how``: empty
    for a date cell, DD.MM.YYYY and YYYY-MM-DD): ``generate batch LIST --check`` shows these."""

    date: dt.date
    how: str = ""  # a Message


#: Excel's day number of a date (the 1900 date system): day 1 is 1 January 1900, and Excel counts
#: a 29 February 1900 that never was, so later days are counted from 30 December 1899.
EXCEL_EPOCH = dt.date(1899, 12, 30)
#: Day numbers read as dates in a date column: 1 January 1950 to 31 December 2099.
EXCEL_DAYS = range((dt.date(1950, 1, 1) - EXCEL_EPOCH).days, (dt.date(2099, 12, 31) - EXCEL_EPOCH).days + 1)
#: Day and month in either order, by slashes or dashes (07/04/2018, 07-04-2018), the year last.
_SLASHED = re.compile(r"^(\d{1,2})([/-])(\d{1,2})\2(\d{4}|\d{2})$")
#: The year words a written date may carry («2018 жылғы 4 шілде», «4 июля 2018 г.»): the forms
#: qujat and CLDR print, as a clerk types them.
_YEAR_WORDS = ("г", "год", "года", "ж", "жыл", "жылы", "жылғы")


def english_date(value: dt.date) -> str:
    """A date as messages name it: ``4 July 2018``."""
    return format_date(value, "d MMMM y", locale="en_GB")


@cache
def month_names() -> dict[str, int]:
    """Every month name a written date in the lists' languages may use, case folded: CLDR's
    (Babel) full and short names in Kazakh, Russian and English, as a date says them and as a
    calendar heads them («шілде», «июля», «июль», «июл», «July», «Jul»), the Kazakh attributive
    forms («шілдедегі») and the Kazakh ones in Latin letters («şılde»)."""
    names: dict[str, int] = {}
    for locale in ("kk", "ru", "en"):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for month, name in get_month_names(width, context, locale).items():
                    names.setdefault(name.casefold().rstrip("."), month)
    for month, name in enumerate(KK_MONTHS_ATTRIBUTIVE, start=1):
        names.setdefault(name.casefold(), month)
    for name, month in list(names.items()):
        names.setdefault(to_latin(name).casefold(), month)
    return names


@cache
def _year_words() -> frozenset[str]:
    return frozenset(_YEAR_WORDS) | {to_latin(word) for word in _YEAR_WORDS}


def _date_or_none(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _full_year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def _written(text: str) -> dt.date | None:
    """A date written with its month's name, in any order: «4 июля 2018 г.», «2018 жылғы 4
    шілде», «4 шілде 2018 ж.», «July 4, 2018»; None when ``text`` is not one."""
    tokens = re.findall(r"[^\W\d_]+|\d+", text.casefold())
    months = [month_names()[t] for t in tokens if t in month_names()]
    words = [t for t in tokens if not t.isdigit() and t not in month_names()]
    numbers = [t for t in tokens if t.isdigit()]
    years = [n for n in numbers if len(n) == 4]
    days = [n for n in numbers if len(n) <= 2]
    if len(months) != 1 or len(years) != 1 or len(days) != 1 or len(numbers) != 2 \
            or any(w not in _year_words() for w in words):
        return None
    return _date_or_none(int(years[0]), months[0], int(days[0]))


def _slashed(text: str, value: Any) -> DateReading | None:
    """DD/MM/YYYY or MM/DD/YYYY (or with dashes: 07-04-2018), when the numbers tell which;
    ``ValueError`` naming both readings when they do not (07/04/2018: 7 April or July 4)."""
    found = _SLASHED.match(text)
    if not found:
        return None
    first, second, year = int(found.group(1)), int(found.group(3)), _full_year(found.group(4))
    day_first, month_first = _date_or_none(year, second, first), _date_or_none(year, first, second)
    if day_first is not None and (month_first is None or day_first == month_first):
        return DateReading(day_first, "" if day_first == month_first else
                           M_("day/month/year: the day is over 12", code="date.day-first"))
    if month_first is not None and day_first is None:
        return DateReading(month_first, M_("month/day/year, as American Excel writes: the day is over 12",
                                           code="date.month-first"))
    if day_first is None or month_first is None:
        raise ValueError(_not_a_date(value))
    raise ValueError(M_("«%(value)s» could be read two ways: %(day_first)s (day/month/year, as dates are written in "
                        "Kazakhstan) or %(month_first)s (month/day/year, as American Excel writes them); write it as "
                        "%(day_first_digits)s or %(month_first_digits)s", code="date.two-ways", value=value,
                        day_first=day(day_first), month_first=day(month_first),
                        day_first_digits=day_first.strftime("%d.%m.%Y"),
                        month_first_digits=month_first.strftime("%d.%m.%Y")))


def _not_a_date(value: Any) -> Message:
    return M_("'%(value)s' is not a date; write it as DD.MM.YYYY (04.07.2018) or YYYY-MM-DD", code="date.not-a-date",
              value=value)


def _excel_day(value: Any) -> DateReading | None:
    """Excel's day number of a date in a cell not formatted as a date (43285: 4 July 2018)."""
    if isinstance(value, bool):
        return None
    number = value if isinstance(value, (int, float)) else None
    if isinstance(value, str) and re.fullmatch(r"\d{5}", clean_text(value)):
        number = int(clean_text(value))
    if number is None or int(number) not in EXCEL_DAYS:
        return None
    return DateReading(EXCEL_EPOCH + dt.timedelta(days=int(number)),
                       M_("Excel's day number: the cell is not formatted as a date", code="date.excel-day"))


def read_date(value: Any) -> DateReading:
    """A date from a cell of a date column, and how it was read: a date cell; DD.MM.YYYY,
    D.M.YYYY, DD.MM.YY (20YY), YYYY-MM-DD, YYYY.MM.DD or YYYY/MM/DD, with or without «г.» /
    «ж.»; a slash or dash date (07/04/2018, 07-04-2018) whose numbers tell day from month; a
    date written with the month's name in Kazakh, Russian or English; Excel's day number (43285)
    in a cell not formatted as a date. ``ValueError`` says what to write instead, and names both
    readings of a slash date that could be either.

    >>> read_date("4 июля 2018 г."), read_date(43285).date
    (DateReading(date=datetime.date(2018, 7, 4), how='written out'), datetime.date(2018, 7, 4))
    """
    if isinstance(value, dt.datetime):
        return DateReading(value.date())
    if isinstance(value, dt.date):
        return DateReading(value)
    day_number = _excel_day(value)
    if day_number is not None:
        return day_number
    text = clean_text(str(value))
    bare = _DATE_WORDS.sub("", text)
    for fmt in _DATE_FORMATS:
        try:
            found = dt.datetime.strptime(bare, fmt).date()
        except ValueError:
            continue
        return DateReading(found, M_("two-digit year, read as 20YY", code="date.two-digit-year")
                           if fmt == "%d.%m.%y" else "")
    slashed = _slashed(bare, value)
    if slashed is not None:
        return slashed
    written = _written(text)
    if written is not None:
        return DateReading(written, M_("written out", code="date.written-out"))
    raise ValueError(_not_a_date(value))


def cell_date(value: Any) -> dt.date:
    """The date of a cell (:func:`read_date`); ``ValueError`` says what to write instead.

    >>> cell_date("4.7.2018 г."), cell_date("04.07.18"), cell_date("2018-07-04 ж.")
    (datetime.date(2018, 7, 4), datetime.date(2018, 7, 4), datetime.date(2018, 7, 4))
    """
    return read_date(value).date


def cell_is_empty(value: Any) -> bool:
    """True for an empty cell, or one holding only spaces and invisible characters."""
    return value is None or (isinstance(value, str) and not clean_text(value))


