"""Kazakh Cyrillic to the Kazakh Latin alphabet of 2021 (31 letters: A Ä B D E F G Ğ H I İ J K
L M N Ñ O Ö P Q R S Ş T U Ū Ü V Y Z; no C: Ч is tş), for the kk-Latn language: CLDR has Kazakh month names in
Cyrillic only, and record texts written in Cyrillic Kazakh can be shown in Latin script.

>>> to_latin("2018 ж. 4 шілде")
'2018 j. 4 şılde'
>>> to_latin("ХАТТАМА"), to_latin("Ярмарка чаты"), to_latin("ЯРМАРКА")
('HATTAMA', 'İarmarka tşaty', 'İARMARKA')
"""
from __future__ import annotations

import re

#: Lower-case letters; upper case is derived (И, Й -> İ, І -> I, Ы -> Y).
_LOWER = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e", "ё": "io",
    "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n",
    "ң": "ñ", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "ū",
    "ү": "ü", "ф": "f", "х": "h", "һ": "h", "ц": "ts", "ч": "tş", "ш": "ş", "щ": "şş", "ъ": "",
    "ы": "y", "і": "ı", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}
_UPPER_SPECIAL = {"и": "İ", "й": "İ", "і": "I"}
_TABLE: dict[int, str] = {}
_CAPS: dict[int, str] = {}  # for words in capitals: digraphs in capitals too (ЦЕХ -> TSEH)


def _upper(latin: str) -> str:
    """Upper case in the Kazakh Latin alphabet: i is dotted (İ), ı is not (I)."""
    return "".join("İ" if ch == "i" else "I" if ch == "ı" else ch.upper() for ch in latin)


for _cyr, _lat in _LOWER.items():
    _TABLE[ord(_cyr)] = _lat
    # Я -> İa, Ю -> İu, Ё -> İo (a plain I would read as І); Ч -> Tş
    _TABLE[ord(_cyr.upper())] = _UPPER_SPECIAL.get(_cyr, _upper(_lat[:1]) + _lat[1:])
    _CAPS[ord(_cyr.upper())] = _UPPER_SPECIAL.get(_cyr, _upper(_lat))
_WORD = re.compile(r"\w+")


def _word(match: re.Match[str]) -> str:
    word = match.group()
    return word.translate(_CAPS) if len(word) > 1 and word.isupper() else word.translate(_TABLE)


def latin_upper(text: str) -> str:
    """Kazakh Latin text in capitals: i is İ, ı is I («Respublikasy» -> «RESPUBLİKASY»)."""
    return _upper(text)


def to_latin(text: str) -> str:
    """``text`` with every Kazakh Cyrillic letter in the 2021 Latin alphabet; other characters kept."""
    return _WORD.sub(_word, text)
