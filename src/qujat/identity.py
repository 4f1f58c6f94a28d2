"""Who a person is, as text: the ИИН (checked by its check digit) and a folded key of a name
that spelling variants of one name share; and the forms a certificate number that looks like
another may be written in.

The key folds what changes between two typings of one name and keeps what tells two names
apart: Unicode normal form (NFC/NFD, NFKC), case (``str.casefold``, not SQL ``lower``), «ё» as
«е», runs of spaces and punctuation (one separator, so «О.Т.» is «О. Т.», but «Адам 1-11» is not
«Адам 11-1»), and Latin letters that look like Cyrillic ones inside a Cyrillic word (a Latin
«e», «c» or «O» typed into «Ахметов») and the reverse.

>>> name_key("Бекбас  О. Т.") == name_key("бекбас о.т.") == name_key("БЕКБАС О.Т.")
True
>>> name_key("Ахмeтов Ерлан") == name_key("Ахметов Ерлан")  # a Latin «e» inside
True
>>> name_key("Адам 1-11") == name_key("Адам 11-1")
False
>>> valid_iin("000101500017")
False
"""
from __future__ import annotations

import functools
import re
import unicodedata
from typing import NamedTuple

from qujat.messages import M_

_WEIGHTS_1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)

#: Latin letters and the Cyrillic letters they look like (upper and lower case).
_LATIN = "ABCEHIKMOPTXYaceiopxyk"
_CYRILLIC = "АВСЕНІКМОРТХУасеіорхук"
_TO_CYRILLIC = str.maketrans(_LATIN, _CYRILLIC)
_TO_LATIN = str.maketrans(_CYRILLIC, _LATIN)
_LOOKALIKES = frozenset(_LATIN + _CYRILLIC)
_APOSTROPHES = re.compile(r"['’ʼ`´]")
_WORD = re.compile(r"[^\W_]+")


def _script(letter: str) -> str:
    name = unicodedata.name(letter, "")
    return "cyrillic" if name.startswith("CYRILLIC") else "latin" if name.startswith("LATIN") else ""


@functools.lru_cache(maxsize=4096)
def _scripts(word: str) -> frozenset[str]:
    """The scripts of ``word``'s letters that have no look-alike (remembered: the words of a
    list's names repeat, given names and patronymics most)."""
    return frozenset(_script(ch) for ch in word if ch.isalpha() and ch not in _LOOKALIKES)


def _one_script(word: str, latin_name: bool) -> str:
    """``word`` with its look-alike letters written in the word's own script: the script of its
    other letters; when every letter has a look-alike (an initial: «B.», «С.»), the name's
    (``latin_name``: its other words are in Latin letters alone), else Cyrillic."""
    scripts = _scripts(word)
    if ("latin" in scripts and "cyrillic" not in scripts) or (not scripts and latin_name):
        return word.translate(_TO_LATIN)
    return word.translate(_TO_CYRILLIC)


def words_in_script(text: str, script: str) -> list[str]:
    """The words of ``text`` with a letter of ``script`` (``"latin"`` or ``"cyrillic"``) that
    looks like no letter of the other: «Sultanova» in «Асель Нұрланқызы Sultanova» is Latin, and a
    word of look-alike letters alone («Аса», «B.») is in neither.

    >>> words_in_script("Асель Нұрланқызы Sultanova", "latin")
    ['Sultanova']
    >>> words_in_script("Ахмeтов Ерлан", "latin")  # a Latin «e» inside a Cyrillic word
    []
    """
    return [word for word in _WORD.findall(text) if script in _scripts(word)]


def name_key(name: str) -> str:
    """A full name folded so that typings of one name compare equal: the words (letters and
    digits), each in one script, case folded, «ё» as «е», joined by one space. Empty for a
    name with no letter or digit at all.

    >>> name_key("Семёнов  С.Е.")
    'семенов с е'
    >>> name_key("B. Zh. Abdirayim")  # the «B» of a name in Latin letters is Latin
    'b zh abdirayim'
    """
    text = _APOSTROPHES.sub("", unicodedata.normalize("NFKC", name))
    found = _WORD.findall(text)
    scripts = [_scripts(word) for word in found]
    latin_name = not all(scripts) and frozenset().union(*scripts) == {"latin"}
    words = [_one_script(word, latin_name) for word in found]
    return " ".join(words).casefold().replace("ё", "е")


#: Kazakh letters and how Russian spelling writes them («Қалиев» is «Калиев»).
_RUSSIAN_SPELLING = str.maketrans("әғқңөұүһі", "агкноуухи")
#: Then every Cyrillic letter as a Latin one, the way passports and lists most often spell them
#: («Жақсыбекова» as «zhaksybekova»)...
_CYRILLIC_IN_LATIN = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "i", "ь": "",
    "э": "e", "ю": "iu", "я": "ia"})
#: ... and the Latin spellings of one letter as one: the Kazakh Latin alphabet's letters (2021:
#: «Qaliev», «Şaiqy»; 2018: «Jaqsybekova»), «y» and «i», «kh» and «h» («İ» case-folds to «i» and
#: a combining dot, which goes).
_LATIN_SPELLINGS = str.maketrans({"ä": "a", "ğ": "g", "q": "k", "ñ": "n", "ö": "o", "ū": "u", "ü": "u", "ı": "i",
                                  "\u0307": "", "y": "i", "ş": "sh", "ç": "ch", "j": "zh", "w": "u"})
_DOUBLE_I = re.compile("i{2,}")
#: A patronymic as Kazakh and Russian form it from the father's name («Болатұлы», «Bolatuly»,
#: «Болатович»; «Нұрланқызы», «Нурлановна»): the name and the son's or daughter's ending, one each.
_SONS, _DAUGHTERS = re.compile(r"(\w{3,}?)(?:uli|ovich|evich)"), re.compile(r"(\w{3,}?)(?:kizi|ovna|evna)")
#: A short «і» or «ы» between two consonants, which Russian spelling of a Kazakh name often leaves
#: out («Әбдірахманова» and «Абдрахманова»), and «о», which it often writes «у» and the reverse
#: («Төлеген» and «Тулеген», «Болат» and «Булат»): folded away in every spelling.
_SHORT_I = re.compile(r"(?<=[bcdfghjklmnprstvxz])i(?=[bcdfghjklmnprstvxz])")
#: The same letter ending a word typed in part: in the whole word it may stand before a consonant.
_SHORT_I_CUT = re.compile(r"(?<=[bcdfghjklmnprstvxz])i$")
#: The «й» that ends a father's name before the Kazakh ending and not before the Russian one
#: («Жұмабайұлы», «Жумабаевич»).
_FATHERS_Y = re.compile(r"(?<=[aeiu])i$")


#: «Дж», as Soviet-era Russian spelling writes a Kazakh «Ж» («Джумабаев», «Жұмабаев»).
_DZH = re.compile("dzh")
#: «х» (and «һ»), as Russian spelling writes some Kazakh «қ» («Бахытжан», «Бақытжан»), where it
#: is not a part of «zh», «ch» or «sh».
_KH = re.compile("(?<![zcs])h")


def _folded(latin: str) -> str:
    return _SHORT_I.sub("", latin.replace("o", "u"))


def _spelled(word: str) -> str:
    """A word of a name key in the Latin letters every spelling of it shares, before the folds
    of Russian spelling (:func:`_in_latin`)."""
    latin = word.translate(_RUSSIAN_SPELLING).translate(_CYRILLIC_IN_LATIN).translate(_LATIN_SPELLINGS)
    return _DOUBLE_I.sub("i", latin.replace("kh", "h"))


#: The Kazakh patronymic's ending written as a word of its own («Нұрлан қызы», «Болат ұлы»,
#: «Nurlan qyzy»), as :func:`_spelled` writes it.
_PATRONYMIC_WORDS = frozenset({"uli", "kizi"})


@functools.lru_cache(maxsize=4096)
def _name_words(key: str) -> tuple[str, ...]:
    """The words of a name key, a patronymic's ending written apart («Нұрлан қызы», «Болат-ұлы»)
    joined to the father's name before it, as «Нұрланқызы» writes it."""
    words: list[str] = []
    for word in key.split():
        if words and _spelled(word) in _PATRONYMIC_WORDS and words[-1].isalpha() and not _is_initial(words[-1]):
            words[-1] += word
        else:
            words.append(word)
    return tuple(words)


@functools.lru_cache(maxsize=8192)
def _in_latin(word: str) -> str:
    """A word of a name key as the Latin letters its spellings share («Болатұлы», «Bolatuly» and
    «Bolatūly» are all «bulatuli»): Cyrillic in Latin, one Latin spelling a letter, «kh» as «h»,
    and «ii» as «i» («Kaliyev» is «Калиев»; «Анна» stays apart from «Ана»); a patronymic's
    Russian ending as the Kazakh one («Болатович» is «Болатұлы», «Нурлановна» «Нұрланқызы»,
    «Жумабаевич» «Жұмабайұлы»); «о» as «у» and no short «і» between consonants, as Russian
    spelling writes Kazakh names («Төлеген» is «Тулеген», «Әбдірахман» «Абдрахман»); «дж» as «ж»
    and «х» as «қ», as Soviet-era and Russian spelling write them («Джумабаев», «Бахытжан»).
    (Remembered: given names and patronymics repeat down a list.)"""
    latin = _KH.sub("k", _DZH.sub("zh", _spelled(word)))
    for ending, pattern in (("uli", _SONS), ("kizi", _DAUGHTERS)):
        found = pattern.fullmatch(latin)
        if found:
            return _FATHERS_Y.sub("", _folded(found.group(1))) + ending
    return _folded(latin)


# remembered: a batch asks for a name's keys when it screens, reads and writes its row
@functools.lru_cache(maxsize=4096)
def loose_key(key: str) -> str:
    """What two spellings of one name may share that :func:`name_key` keeps apart: the words of
    ``key`` (a name key) in any order and in any script, Kazakh letters as Russian spelling
    writes them, Cyrillic as Latin letters, a patronymic's Russian ending as its Kazakh one
    (:func:`_in_latin`), its Kazakh ending written apart as one word with it («Нұрлан қызы»). A
    name that matches an earlier holder only so («Калиев Серик», «Серік Қалиев», «Qaliev
    Serik») is not taken for them, nor for someone else: the registry asks.

    >>> loose_key(name_key("С.Е. Қалиев")) == loose_key(name_key("Калиев С.Е."))
    True
    >>> loose_key(name_key("Қалиев Серік Болатұлы")) == loose_key(name_key("Qaliev Serik Bolatuly"))
    True
    >>> loose_key(name_key("Жақсыбекова Әсел")) == loose_key(name_key("Zhaksybekova Asel"))
    True
    >>> loose_key(name_key("Қалиев Серік Болатұлы")) == loose_key(name_key("Калиев Серик Болатович"))
    True
    >>> loose_key(name_key("Әсел Нұрланқызы")) == loose_key(name_key("Асель Нурлановна"))
    True
    >>> loose_key(name_key("Әбдірахманова Гүлнар Серікқызы")) == loose_key(name_key("Абдрахманова Гульнар Сериковна"))
    True
    >>> loose_key(name_key("Төлеген Жұмабайұлы")) == loose_key(name_key("Тулеген Жумабаевич"))
    True
    >>> loose_key(name_key("Жақсыбекова Әсел Нұрлан қызы")) == loose_key(name_key("Жаксыбекова Асель Нурлановна"))
    True
    >>> loose_key(name_key("Әбдірайым Бақытжан Жарылқапұлы")) == loose_key(name_key("Абдирайым Бахытжан Жарылкапович"))
    True
    >>> loose_key(name_key("Жұмабаев Ержан")) == loose_key(name_key("Джумабаев Ержан"))
    True
    >>> loose_key(name_key("Ашар Болат")) == loose_key(name_key("Аскар Болат"))
    False
    >>> loose_key(name_key("Адам 1-11")) == loose_key(name_key("Адам 11-1"))
    False
    """
    return _joined([_in_latin(word) for word in _name_words(key)])


def loose_parts(key: str) -> list[str]:
    """The words of :func:`loose_key` of ``key`` as parts of a recorded name's loose key, for a
    name typed in part: a last short «і» or «ы» after a consonant left out, as the whole word
    may leave it out («Сері» is part of «Серік»'s «serk»).

    >>> loose_parts(name_key("Жақсы")), loose_parts(name_key("Серік"))
    (['zhaks'], ['serk'])
    """
    return [_SHORT_I_CUT.sub("", word) for word in loose_key(key).split()]


# remembered: a batch asks for a name's keys when it screens, reads and writes its row
@functools.lru_cache(maxsize=4096)
def short_key(key: str) -> str | None:
    """The loose key of ``key`` (a name key) without its patronymic, when it has one beside two
    other words (a surname and a given name), or without its patronymic's initial, when it is a
    surname with two initials («Қалиев С.Б.», «С.Б. Қалиев»: the second is the father's name's);
    None otherwise. A name written without its patronymic has the full name's short key as its
    loose key: perhaps them, so the registry asks. Two names with different patronymics are
    never matched so: only a short key against a loose one (or a shortened form,
    :func:`abbreviations`) is.

    >>> short_key(name_key("Қалиев Серік Болатұлы")) == loose_key(name_key("Серік Қалиев"))
    True
    >>> short_key(name_key("Калиев Серик Болатович")) == short_key(name_key("Қалиев Серік Болатұлы"))
    True
    >>> short_key(name_key("Қалиев С.Б.")) == loose_key(name_key("Kaliev S."))
    True
    >>> short_key(name_key("Қалиев Серік")) is None, short_key(name_key("Серікұлы Болат")) is None
    (True, True)
    """
    words = _name_words(key)
    initials = [i for i, word in enumerate(words) if _is_initial(word)]
    if len(initials) == 2 and len(words) > 2:
        return _joined([_in_latin(word) for i, word in enumerate(words) if i != initials[1]])
    latin = [_in_latin(word) for word in words]
    kept = [word for word in latin if not _is_patronymic(word)]
    return _joined(kept) if not initials and len(latin) > len(kept) >= 2 else None


#: Initials a Latin list writes with two letters («B. Zh. Abdirayim», «Sh.», «Yu.»).
_LATIN_TWO_LETTER_INITIALS = frozenset({"zh", "sh", "ch", "kh", "ts", "yu", "ya"})
#: The same initials as :func:`_in_latin` writes them, which a word in Latin letters starts with.
_TWO_LETTER_INITIALS = frozenset({"zh", "sh", "ch", "ts", "iu", "ia"})
#: Words a name may have for its shortened forms to be made (more is a name of another shape).
_MOST_WORDS = 4


def _is_initial(word: str) -> bool:
    """Whether a word of a name key is an initial: one letter («С», «b»), or two Latin ones that
    write one Kazakh or Russian letter («zh», «sh»)."""
    return (len(word) == 1 and word.isalpha()) or word in _LATIN_TWO_LETTER_INITIALS


def _is_patronymic(latin: str) -> bool:
    return bool(_SONS.fullmatch(latin) or _DAUGHTERS.fullmatch(latin))


def _initial(latin: str) -> str:
    """The initial of a word in Latin letters (:func:`_in_latin`), as an initial would be
    written there: «Жандос» and «Zhandos» are «zh», as «Ж.» and «Zh.» are."""
    return latin[:2] if latin[:2] in _TWO_LETTER_INITIALS else latin[:1]


class Shortened(NamedTuple):
    """The loose keys of the ways a list shortens a full name with initials (:func:`abbreviations`)."""

    #: every word kept, in full or as its initial: «Қалиев С.Б.», «Қалиев Серік Б.»
    whole: tuple[str, ...]
    #: the patronymic left out: «Қалиев С.», «С. Қалиев»
    without_patronymic: tuple[str, ...]


# remembered: a batch asks for a name's keys when it screens, reads and writes its row
@functools.lru_cache(maxsize=4096)
def abbreviations(key: str) -> Shortened:
    """How a list shortens the full name ``key`` (a name key) with initials: the surname (any
    word but the patronymic: the order of words is not known) with the other words' initials,
    or with the patronymic alone as its initial (``whole``), and the same without the
    patronymic (``without_patronymic``). A name written so that matches an earlier holder's
    shortened form, or whose shortened form matches an earlier holder written so, is perhaps
    them: the registry asks. Two shortened forms are never matched with each other («Қалиев
    Серік Болатұлы» and «Қалиев Сапар Бекұлы» are both «Қалиев С.Б.»), nor a form without the
    patronymic with initials that leave theirs out («Қалиев С.Н.» is not «Қалиев Сапар Бекұлы»).
    Empty for a name that has initials, digits, one word or more than four.

    >>> loose_key(name_key("Қалиев С.Б.")) in abbreviations(name_key("Қалиев Серік Болатұлы")).whole
    True
    >>> loose_key(name_key("B. Zh. Abdirayim")) in abbreviations(name_key("Абдирайым Бауыржан Жұмабайұлы")).whole
    True
    >>> loose_key(name_key("Қалиев С.")) in abbreviations(name_key("Серік Болатұлы Қалиев")).without_patronymic
    True
    >>> abbreviations(name_key("Қалиев С.Б.")), abbreviations(name_key("Адам 1-11"))
    (Shortened(whole=(), without_patronymic=()), Shortened(whole=(), without_patronymic=()))
    """
    words = _name_words(key)
    if not 2 <= len(words) <= _MOST_WORDS or not all(word.isalpha() and not _is_initial(word) for word in words):
        return Shortened((), ())
    latin = [_in_latin(word) for word in words]
    initials = [_initial(word) for word in latin]
    patronymics = [i for i, word in enumerate(latin) if _is_patronymic(word)]
    father = patronymics[0] if len(patronymics) == 1 else None
    whole, without = set(), set()  # every word has letters alone: joined sorted, as _joined does
    for surname in (i for i in range(len(latin)) if i != father):
        others = [i for i in range(len(latin)) if i != surname]
        whole.add(" ".join(sorted([latin[surname], *(initials[i] for i in others)])))
        if father is not None:
            whole.add(" ".join(sorted([*(latin[i] for i in range(len(latin)) if i != father), initials[father]])))
            rest = [i for i in others if i != father]
            if rest:
                without.add(" ".join(sorted([latin[surname], *(initials[i] for i in rest)])))
    return Shortened(tuple(sorted(whole)), tuple(sorted(without)))


def _joined(words: list[str]) -> str:
    # words of letters in any order; those with digits in theirs («Адам 1-11» is not «Адам 11-1»)
    return " ".join(sorted(w for w in words if w.isalpha()) + [w for w in words if not w.isalpha()])


def iin_check_digit(first11: str) -> int | None:
    """The 12th digit of an ИИН whose first 11 digits are given; None when no digit fits."""
    digits = [int(d) for d in first11]
    for weights in (_WEIGHTS_1, _WEIGHTS_2):
        check = sum(d * w for d, w in zip(digits, weights)) % 11
        if check != 10:
            return check
    return None


def valid_iin(iin: str) -> bool:
    """Whether ``iin`` is 12 digits (0-9) whose date part is a date and whose last digit is the check digit."""
    if not re.fullmatch(r"[0-9]{12}", iin):
        return False
    month, day = int(iin[2:4]), int(iin[4:6])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return False
    return iin_check_digit(iin[:11]) == int(iin[11])


def iin_sex(iin: str) -> str | None:
    """The sex an ИИН gives its holder by its seventh digit, which is odd for a man and even for a
    woman (1-6, with the century of birth): "m" or "f"; None for another digit.

    >>> iin_sex("850101300124"), iin_sex("900202450138"), iin_sex("900202050136")
    ('m', 'f', None)
    """
    digit = int(iin[6])
    return None if not 1 <= digit <= 6 else "m" if digit % 2 else "f"


def patronymic_sex(key: str) -> str | None:
    """The sex the patronymic of a name key gives («Болатұлы», «Болатович»: "m"; «Нұрланқызы»,
    «Нурлановна»: "f"), read only in a name of three words or more and not in its first word,
    where a surname may end so («Мицкевич Анна Ивановна»); None when no word, or words of both,
    say.

    >>> patronymic_sex(name_key("Ахметова Айгуль Маратовна")), patronymic_sex(name_key("Серік Болат ұлы Қалиев"))
    ('f', 'm')
    >>> patronymic_sex(name_key("Мицкевич Анна Ивановна")), patronymic_sex(name_key("Анна Мицкевич"))
    ('f', None)
    """
    words = _name_words(key)
    if len(words) < 3:
        return None
    said = {sex for word in words[1:] for sex, pattern in (("m", _SONS), ("f", _DAUGHTERS))
            if pattern.fullmatch(_in_latin(word))}
    return said.pop() if len(said) == 1 else None


#: Surnames whose ending tells the sex, in a name key's words (Cyrillic or Latin, as written):
#: Russian-formed ones («Ахметова», «Akhmetova», «Петровская»: a woman's; «Ахметов», «Kaliyev»,
#: «Петровский»: a man's) and the Kazakh ones formed like a patronymic («Ержанқызы»,
#: «Жұмабайұлы»), at least three letters before the ending. Not -ин, which ends women's given
#: names too («Жасмин»), nor -ич or -енко, which both sexes carry («Мицкевич», «Шевченко»).
_WOMENS_SURNAME = re.compile(r"\w{3,}(?:ова|ева|ина|ская|цкая|қызы|кызы|ova|eva|ina|skaya|tskaya|kyzy|qyzy)")
_MENS_SURNAME = re.compile(r"\w{3,}(?:ов|ев|ский|цкий|ұлы|улы|ov|ev|skiy|skii|skij|sky|uly|ūly)")


def name_sex(key: str) -> tuple[str, str] | None:
    """The sex a name key tells and what tells it: ``("f", "patronymic")`` by the patronymic
    (:func:`patronymic_sex`) when it has one, else ``("m", "surname")`` by a word ending as a
    man's or a woman's surname does; None when nothing tells, or words of both sexes do.

    >>> name_sex(name_key("Ахметова Айгуль Маратовна")), name_sex(name_key("Ахметова Айгүл"))
    (('f', 'patronymic'), ('f', 'surname'))
    >>> name_sex(name_key("Serik Kaliyev")), name_sex(name_key("Айгерім Ержанқызы"))
    (('m', 'surname'), ('f', 'surname'))
    >>> name_sex(name_key("Анна Мицкевич")), name_sex(name_key("Жасмин Ли")), name_sex(name_key("Марина Петров"))
    (None, None, None)
    """
    by_patronymic = patronymic_sex(key)
    if by_patronymic:
        return by_patronymic, "patronymic"
    said = {sex for word in _name_words(key) for sex, pattern in (("m", _MENS_SURNAME), ("f", _WOMENS_SURNAME))
            if pattern.fullmatch(word)}
    return (said.pop(), "surname") if len(said) == 1 else None


def masked_iin(iin: str | None) -> str:
    """An ИИН as lists and messages show one the reader did not type: its last four digits only
    (its first six are the birth date, the seventh the sex and century).

    >>> masked_iin("880101300123")
    '••••••••0123'
    """
    return f"••••••••{iin[-4:]}" if iin else ""


#: A number Excel shows, and a CSV it saves keeps, in scientific notation («8,80101E+11»):
#: an ИИН's last digits are gone from it.
_ROUNDED_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]*)?[eE]\+?[0-9]+")
#: A whole number written with a decimal part of zeros («880101401203.0», as some programs save a
#: number column), and Excel's mark of a text cell (a leading apostrophe): the ИИН is the digits.
_WHOLE_NUMBER = re.compile(r"'?([0-9]+)(?:[.,]0+)?")


def _ascii_digits(text: str) -> str:
    """``text`` with any script's decimal digits as 0-9 (full-width «８», Arabic-Indic «٨»)."""
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c for c in text)


#: Dashes and minus signs a number may be typed with («A20–0041»), as the hyphen.
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d", "-"))


def number_forms(number: str) -> tuple[str, str]:
    """The two forms of every certificate number that looks like ``number``: its letters that
    look alike (А and A, С and C) in Latin, and in Cyrillic; capitals, any script's digits as
    0-9, full-width letters as they are in a line of text (NFKC), any dash as the hyphen.

    >>> number_forms("А20-００４１"), number_forms(" ab–12")
    (('A20-0041', 'А20-0041'), ('AB-12', 'АВ-12'))
    """
    text = _ascii_digits(unicodedata.normalize("NFKC", number.strip()).translate(_DASHES).upper())
    return text.translate(_TO_LATIN), text.translate(_TO_CYRILLIC)


def normalise_iin(value: object) -> str | None:
    """An ИИН cell as its 12 digits (0-9): spaces dropped, a number that lost its leading zero
    padded, any script's digits read as 0-9 («８８０１…» from a full-width keyboard layout is the
    same ИИН), a whole number's «.0» and a text cell's apostrophe dropped; None for an empty
    cell. Raises ``ValueError`` (one line) for one that fails its check digit, and for a number
    rounded in scientific notation, which no longer holds the ИИН.

    >>> normalise_iin("８８０１０１４０１２０３"), normalise_iin("880101401203.0"), normalise_iin("'880101401203")
    ('880101401203', '880101401203', '880101401203')
    """
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _ascii_digits(re.sub(r"[\s-]", "", str(value)))
    if not text:
        return None
    if _ROUNDED_NUMBER.fullmatch(text):
        raise ValueError(M_("ИИН '%(value)s' was saved as a rounded number, its last digits lost (Excel shows a "
                            "12-digit number so, and a CSV keeps what it shows): format the ИИН column as Text, "
                            "type the ИИН again and save", code="row.rounded-iin", value=value))
    whole = _WHOLE_NUMBER.fullmatch(text)
    if whole:
        text = whole.group(1)
    if text.isdigit() and len(text) < 12:
        text = text.zfill(12)
    if not valid_iin(text):
        raise ValueError(M_("ИИН '%(value)s' is not valid (12 digits with a matching check digit): correct it, or "
                            "leave the cell empty", code="row.bad-iin", value=value))
    return text
