"""Comparing the name read from a page with the name signed.

Both are folded the same way: words without a letter left out (tesseract's reading drops them
as specks: «&», «—», «3», and «№», which is a sign, not a letter), Unicode NFKC, case folded,
spaces dropped, ё as е, hyphens and dashes as one hyphen, the letters of the Kazakh Latin
alphabet taken without their marks (ä ğ ñ ö ş ū ü İ as a g n o s u u i: English's data reads
«Äsel» as "Asel"; the Latin script's data reads a ū as «ŭ», «ūü» or «ŭü» at some sizes, so a ŭ
is a u too, and a u read twice is one), and Latin letters that look like Cyrillic ones (a, e,
o, p, c, x, y, k, m, t, h, b, i) taken as those. The whole text of the name's box must equal
the signed name so folded: «Иванова-Бекбас О.Т.» is not «Бекбас О.Т.».

>>> compare("Бекбас О.Т.", "БЕКБАС O. T.")  # Latin O and T, as OCR may read them
<Match.SAME: 'same'>
>>> compare("Jaqsybekova Äsel Nūrlanqyzy", "Jaqsybekova Asel Nurlanqyzy")  # kk-Latn, read by eng data
<Match.SAME: 'same'>
>>> compare("Janqojaūly-Bekmūhambetova", "Janqojaŭüly-Bekmūühambetova")  # the Latin data's ū
<Match.SAME: 'same'>
>>> compare("Бекбас О.Т.", "Иванова-Бекбас О.Т.")
<Match.DIFFERENT: 'different'>
>>> compare("Нұрғалиева Айгерім", "Нургалиева Айгерим")  # Kazakh letters lost: a person must look
<Match.CLOSE: 'close'>
>>> compare("Бригада «Горняк» участка № 3", "Бригада «Горняк» участка")  # «№ 3» is no word of letters
<Match.SAME: 'same'>
>>> reading_order("Калиев С.Е."), reading_order("Қалиев С.Е.")
(('rus', 'kaz', 'eng'), ('kaz', 'rus', 'eng'))
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from enum import Enum

_SPACES = re.compile(r"\s+")
_HYPHENS = re.compile(r"[\u2010-\u2015\u2212]")
#: The Kazakh Latin letters (after case folding) as OCR reads them without data for them.
_LATIN_MARKS = str.maketrans({"ä": "a", "ğ": "g", "ñ": "n", "ö": "o", "ş": "s", "ū": "u", "ŭ": "u", "ü": "u", "í": "i",
                              "\u0307": None, "°": None, "º": None, "®": None})
#: A u read twice: OCR's «Asqarūüly» or «Asqarŭüly» for «Asqarūly».
_DOUBLED_U = re.compile(r"u{2,}")
#: Latin letters (after case folding) that look like Cyrillic ones, and Kazakh ones' look-alikes.
_LOOK_ALIKE = str.maketrans({"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у", "k": "к",
                             "m": "м", "t": "т", "h": "н", "b": "в", "i": "і", "ё": "е", "ə": "ә", "ɵ": "ө",
                             "ı": "і", "\u0456": "і"})
#: Kazakh letters to the Russian ones OCR may read them as (for "close", never for "same").
_KAZAKH_BASE = str.maketrans({"ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х",
                              "і": "и", "й": "и"})
_PUNCTUATION = re.compile(r"[.,'’`\"«»()\-]")


class Match(str, Enum):
    """How a name read from a page compares with the signed name."""

    SAME = "same"
    CLOSE = "close"  # nearly the same: OCR may have misread it, or it may be altered: a person must look
    DIFFERENT = "different"


_KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def reading_order(name: str) -> tuple[str, ...]:
    """tesseract's languages for reading ``name`` from a page, the one it is written in first:
    Kazakh when it has a Kazakh letter («Нұрғалиева»), else Russian for Cyrillic («Калиев»,
    which Kazakh's data would read as «Қалиев»); English alone for a name in Latin letters
    only (kk-Latn «S.E. Qaliev», which with Cyrillic data beside it reads as «ОаПеу»).

    >>> reading_order("S.E. Qaliev"), reading_order("Kim Ирина")
    (('eng',), ('rus', 'kaz', 'eng'))
    """
    if _KAZAKH_LETTERS & set(name):
        return ("kaz", "rus", "eng")
    cyrillic = sum("\u0400" <= ch <= "\u04ff" for ch in name)
    latin = sum(ch.isascii() and ch.isalpha() for ch in name)
    if not cyrillic:
        return ("eng",)
    return ("rus", "kaz", "eng") if cyrillic >= latin else ("eng", "kaz", "rus")


#: The letters of the Kazakh Latin alphabet beyond English's, and tesseract's data of every Latin
#: script (Debian: tesseract-ocr-script-latn) that reads them («Qaliev», which English's reads «Oaliev»).
_KAZAKH_LATIN = set("ÄäĞğÑñÖöŞşŪūÜüİı")
LATIN_SCRIPT = "Latin"


#: The size, against the crop's, of the last reading: a name's line is about 120 pixels tall in
#: the crop (12 pixels a millimetre), and at that size tesseract reads some Kazakh letters as the
#: Russian ones they resemble («Бекмұхамбетова» as «Бекмухамбетова», «Һидаятқызы» as
#: «Бидаяткызы») that at 0.4 of it, nearer the size its data was trained on, it reads right (the
#: 36 names of records/awards-sample.xlsx, rendered and photographed: 104 of 107 crops read
#: right at full size, 107 at 0.4; at 0.5 «Бекмұхамбетова» is misread again).
SMALLER = 0.4


def reading_orders(name: str, installed: Collection[str] = ()) -> tuple[tuple[tuple[str, ...], float], ...]:
    """The readings to try for ``name``, one after the other until one matches, each as the
    languages' data and the size of the picture against the crop's: :func:`reading_order`, then,
    for a name in Latin letters, the Latin script's data when it is ``installed``, on the picture
    and twice as large (a name in the Kazakh Latin alphabet, whose marks English's data drops and
    whose Q it reads as O; the Latin data misreads a ū as «ūu» at one size, an İ as «l» at another);
    last :func:`reading_order` at a smaller size (:data:`SMALLER`).

    >>> reading_orders("S.E. Qaliev", ["eng", "Latin"])
    ((('eng',), 1), (('Latin',), 1), (('Latin',), 2), (('eng',), 0.4))
    >>> reading_orders("Калиев С.Е.", ["eng", "Latin"])
    ((('rus', 'kaz', 'eng'), 1), (('rus', 'kaz', 'eng'), 0.4))
    """
    first = reading_order(name)
    if first == ("eng",) and LATIN_SCRIPT in installed:
        return ((first, 1), ((LATIN_SCRIPT,), 1), ((LATIN_SCRIPT,), 2), (first, SMALLER))
    return ((first, 1), (first, SMALLER))


def fold(name: str) -> str:
    """``name`` reduced for comparison (see the module's docstring)."""
    # «№» is not a letter (str.isalpha): the words of «участка № 3» the reading drops go here too
    text = " ".join(word for word in name.split() if any(ch.isalpha() for ch in word))
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _HYPHENS.sub("-", _SPACES.sub("", text))
    return _DOUBLED_U.sub("u", text.translate(_LATIN_MARKS)).translate(_LOOK_ALIKE)


def _loose(name: str) -> str:
    return _PUNCTUATION.sub("", fold(name)).translate(_KAZAKH_BASE)


def distance(a: str, b: str) -> int:
    """The Levenshtein distance between ``a`` and ``b``."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def compare(signed: str, read: str) -> Match:
    """Whether the name ``read`` from the page is the ``signed`` one: the same once folded;
    close (a letter in eight differs once Kazakh letters are taken as Russian ones and
    punctuation dropped), which only a person can settle; or different."""
    if fold(signed) == fold(read):
        return Match.SAME
    a, b = _loose(signed), _loose(read)
    return Match.CLOSE if distance(a, b) <= max(1, len(a) // 8) else Match.DIFFERENT
