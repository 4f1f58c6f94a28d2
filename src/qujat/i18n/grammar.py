"""Grammar a catalog string cannot carry: Kazakh dates and their suffixes, the outcome of a vote,
the name under a signature, the order of a title block. The words stay in the catalogs; these
small functions only choose between them or put the record's words in order.

Sources are in docs/language.md.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

#: Kazakh month names (nominative), January first, as CLDR and adilet.zan.kz write them.
KK_MONTHS = ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым",
             "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан")

#: The locative-attributive form of each month («шілдедегі»), used when a date modifies a noun:
#: «2018 жылғы 4 шілдедегі № 7 хаттамаға қосымша». The suffix -дағы/-дегі/-тағы/-тегі follows
#: the month's last vowel (back/front) and last sound (voiceless к, қ, п, с, т, ш -> т).
KK_MONTHS_ATTRIBUTIVE = ("қаңтардағы", "ақпандағы", "наурыздағы", "сәуірдегі", "мамырдағы", "маусымдағы",
                         "шілдедегі", "тамыздағы", "қыркүйектегі", "қазандағы", "қарашадағы", "желтоқсандағы")

_FRONT = set("әеіөүи")
_BACK = set("аоұыуя")
_VOICELESS = set("кқпстфхцчшщ")


def kk_locative_attributive(word: str) -> str:
    """The Kazakh suffix -дағы/-дегі/-тағы/-тегі added to ``word`` by vowel harmony and the
    voicing of its last sound.

    >>> kk_locative_attributive("шілде"), kk_locative_attributive("қыркүйек"), kk_locative_attributive("тамыз")
    ('шілдедегі', 'қыркүйектегі', 'тамыздағы')
    """
    lower = word.lower()
    vowel = next((ch for ch in reversed(lower) if ch in _FRONT | _BACK), "а")
    front = vowel in _FRONT
    consonant = "т" if lower[-1:] in _VOICELESS else "д"
    return word + consonant + ("егі" if front else "ағы")


def kk_date(value: dt.date, attributive: bool = False) -> str:
    """A date as official Kazakh texts write it: «2018 жылғы 4 шілде»; ``attributive`` gives the
    form that modifies a noun, «2018 жылғы 4 шілдедегі» (the suffix follows the month).

    >>> kk_date(dt.date(2018, 7, 4)), kk_date(dt.date(2018, 9, 1), attributive=True)
    ('2018 жылғы 4 шілде', '2018 жылғы 1 қыркүйектегі')
    """
    months = KK_MONTHS_ATTRIBUTIVE if attributive else KK_MONTHS
    return f"{value.year} жылғы {value.day} {months[value.month - 1]}"


#: The CLDR locale whose long date a language's documents use (British spelling: "4 July 2018").
DATE_LOCALES = {"en": "en_GB"}


def genitive_first(lang: str) -> bool:
    """Whether the meeting line (a genitive) comes before the document type in the title block:
    Kazakh «… кеңесінің ХАТТАМАСЫ № 7»; Russian and English put the type first («ПРОТОКОЛ № 7
    заседания …»).

    >>> genitive_first("kk"), genitive_first("kk-Latn"), genitive_first("ru")
    (True, True, False)
    """
    return lang.split("-")[0] == "kk"


@dataclass(frozen=True)
class VoteOutcome:
    """How a vote ended: ``kind`` is unanimous (none against, none abstaining), carried (more
    than half of the votes for) or lost; ``percent`` the share for, in whole per cent, cut
    down, never rounded up (199 for of 200 is 99 %, not 100 %)."""

    kind: Literal["unanimous", "carried", "lost", "none"]
    percent: int


def vote_outcome(in_favour: int, against: int, abstained: int) -> VoteOutcome:
    """The outcome of a vote.

    >>> vote_outcome(8, 0, 0), vote_outcome(199, 1, 0).percent, vote_outcome(2, 3, 0).kind
    (VoteOutcome(kind='unanimous', percent=100), 99, 'lost')
    """
    total = in_favour + against + abstained
    if not total:
        return VoteOutcome("none", 0)
    percent = in_favour * 100 // total
    if not against and not abstained:
        return VoteOutcome("unanimous", 100)
    return VoteOutcome("carried" if in_favour * 2 > total else "lost", percent)


_INITIAL = re.compile(r"^(?:[^\W\d_]{1,2}\.)+$")


def _initial(word: str) -> str:
    """A given name or patronymic as an initial: «Әсел» -> «Ә.»; a hyphenated one keeps both."""
    return "-".join(part[:1].upper() + "." for part in word.split("-") if part)


def signature_name(name: str, lang: str) -> str:
    """The name under a signature line: initials, then the surname («Б.Ж. Абдирайым»), whatever
    order the record uses («Абдирайым Б.Ж.», «Жақсыбекова Әсел Нұрланқызы»). A name of one word
    or several people's names are left as they are. English full names are given name first.

    >>> signature_name("Абдирайым Б.Ж.", "ru"), signature_name("Жақсыбекова Әсел Нұрланқызы", "kk")
    ('Б.Ж. Абдирайым', 'Ә.Н. Жақсыбекова')
    >>> signature_name("B. Zh. Abdirayim", "en"), signature_name("Irina Kim", "en")
    ('B. Zh. Abdirayim', 'I. Kim')
    """
    words = name.split()
    if len(words) < 2 or "," in name:
        return " ".join(words)
    initials = [w for w in words if _INITIAL.match(w)]
    others = [w for w in words if not _INITIAL.match(w)]
    if initials:
        if not others:
            return " ".join(words)
        return f"{' '.join(initials)} {' '.join(others)}"
    if lang.split("-")[0] == "en":
        surname, given = words[-1], words[:-1]
    else:
        surname, given = words[0], words[1:]
    joiner = " " if lang.split("-")[0] == "en" else ""  # "I. A. Kim"; «Ә.Н. Жақсыбекова»
    return f"{joiner.join(_initial(w) for w in given)} {surname}"
