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

from qujat.i18n.translit import to_latin

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
    order the record uses («Абдирайым Б.Ж.», «Жақсыбекова Әсел Нұрланқызы», «Ирина Викторовна
    Лебедева»: a patronymic tells which word is the surname, :func:`name_order`). Without
    one, Kazakh and Russian names are taken surname first, English ones given name first. A name
    of one word or several people's names are left as they are.

    >>> signature_name("Абдирайым Б.Ж.", "ru"), signature_name("Жақсыбекова Әсел Нұрланқызы", "kk")
    ('Б.Ж. Абдирайым', 'Ә.Н. Жақсыбекова')
    >>> signature_name("Ирина Викторовна Лебедева", "ru"), signature_name("Nūrlanov Bauyrjan Qairatūly", "kk-Latn")
    ('И.В. Лебедева', 'B.Q. Nūrlanov')
    >>> signature_name("B. Zh. Abdirayim", "en"), signature_name("Irina Kim", "en")
    ('B. Zh. Abdirayim', 'I. Kim')
    """
    words = name_words(name)
    if len(words) < 2 or "," in name:
        return " ".join(name.split())
    initials = [w for w in words if _INITIAL.match(w)]
    others = [w for w in words if not _INITIAL.match(w)]
    if initials:
        if not others:
            return " ".join(words)
        return f"{' '.join(initials)} {' '.join(others)}"
    english = lang.split("-")[0] == "en"
    order = name_order(name) or ("given name first" if english else "surname first")
    if order == "given name first":
        surname, given = words[-1], words[:-1]
    else:
        surname, given = words[0], words[1:]
    joiner = " " if english else ""  # "I. A. Kim"; «Ә.Н. Жақсыбекова»
    return f"{joiner.join(_initial(w) for w in given)} {surname}"


# --- personal names: which word is the surname --------------------------------------------

#: The endings of a patronymic, by the sex they tell: Russian -ович/-евич/-ич and -овна/-евна/
#: -ична/-инична, Kazakh -ұлы/-улы («son of») and -қызы/-кызы («daughter of»), and the same in
#: the Latin spellings lists carry (-ovich, -ovna, -uly, -kyzy; kk-Latn -ūly, -qyzy).
PATRONYMIC_ENDINGS = {
    "m": ("ович", "евич", "ич", "ұлы", "улы", "ovich", "evich", "ich", "uly", "ūly"),
    "f": ("овна", "евна", "ична", "инична", "қызы", "кызы", "ovna", "evna", "ichna", "kyzy", "qyzy"),
}
#: The Kazakh patronymic written apart from the father's name: «Болат ұлы», «Нұрлан қызы».
PATRONYMIC_WORDS = frozenset({"ұлы", "улы", "uly", "ūly", "қызы", "кызы", "kyzy", "qyzy"})

NameOrder = Literal["surname first", "given name first"]


def name_words(name: str) -> list[str]:
    """The words of a personal name, a patronymic written apart kept as one word («Болат ұлы»)."""
    words: list[str] = []
    for word in name.split():
        if words and word.casefold() in PATRONYMIC_WORDS:
            words[-1] = f"{words[-1]} {word}"
        else:
            words.append(word)
    return words


def patronymic_sex(word: str) -> Literal["m", "f"] | None:
    """The sex a patronymic tells («Викторовна»: f, «Болат ұлы»: m); None for a word that is not one.

    >>> patronymic_sex("Викторовна"), patronymic_sex("Нұрланқызы"), patronymic_sex("Болат ұлы"), patronymic_sex("Ирина")
    ('f', 'f', 'm', None)
    """
    folded = word.casefold()
    if " " in folded:  # written apart: «Болат ұлы»
        last = folded.split()[-1]
        return "m" if last in PATRONYMIC_ENDINGS["m"] else "f" if last in PATRONYMIC_ENDINGS["f"] else None
    if len(folded) < 5 or folded in PATRONYMIC_WORDS:
        return None
    for sex in ("f", "m"):  # -ична before -ич
        if folded.endswith(PATRONYMIC_ENDINGS[sex]):
            return sex
    return None


def name_order(name: str) -> NameOrder | None:
    """Which order a full name of three words or more is written in, as its patronymic tells:
    before the surname («Ирина Викторовна Лебедева»: given name first) or last («Жақсыбекова
    Әсел Нұрланқызы»: surname first). None when no patronymic tells (initials, two words).
    A word before the last that reads as a patronymic wins: a surname may end as one does
    («Ольга Петровна Бабич»).

    >>> name_order("Жақсыбекова Әсел Нұрланқызы"), name_order("Ирина Викторовна Лебедева")
    ('surname first', 'given name first')
    >>> name_order("Бауыржан Болат ұлы Нұрланов"), name_order("Вячеслав Румянцев")
    ('given name first', None)
    """
    words = name_words(name)
    if len(words) < 3:
        return None
    if patronymic_sex(words[-2]):
        return "given name first"
    if patronymic_sex(words[-1]):
        return "surname first"
    return None


def name_sex(name: str) -> Literal["m", "f"] | None:
    """The sex a full name's patronymic tells («… Викторовна»: f), None when it has none."""
    words = name_words(name)
    order = name_order(name)
    if order is None:
        found = [w for w in words if " " in w]  # «Болат ұлы» tells it in any name
        return patronymic_sex(found[0]) if found else None
    return patronymic_sex(words[-1] if order == "surname first" else words[-2])


def needs_order(name: str) -> bool:
    """Whether a full name's order cannot be told: two or more words, no initials, no patronymic
    («Вячеслав Румянцев»: which is the surname?), so that its signature initials are a guess."""
    words = name_words(name)
    return len(words) >= 2 and "," not in name and not any(_INITIAL.match(w) for w in words) \
        and name_order(name) is None


# --- Kazakh case and possessive suffixes (post after the organisation) ----------------------

_BACK_LETTERS = set("аоұыуяaouyū")
_FRONT_LETTERS = set("әеёіөүиэюäeıiöü")
_VOWEL_LETTERS = _BACK_LETTERS | _FRONT_LETTERS
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN_LETTER = re.compile(r"[A-Za-zÄÖÜĞŞÑŪİäöüğşñūı]")
#: After these the genitive is -дың/-дің (Cyrillic and Latin: ж з р л й у / j z r l).
_GENITIVE_D = set("жзрлйуjzrl")
#: After a vowel and these it is -ның/-нің.
_GENITIVE_N = set("мнңmnñ")
_GENITIVE_ENDINGS = ("ның", "нің", "дың", "дің", "тың", "тің", "nyñ", "nıñ", "dyñ", "dıñ", "tyñ", "tıñ")
#: A final consonant voiced before a vowel-initial suffix: механик -> механигі, құрылық -> құрылығы.
_VOICED = {"к": "г", "қ": "ғ", "п": "б", "k": "g", "q": "ğ", "p": "b"}
_CLOSING_QUOTES = "»”\"'’)"


def _latin(word: str) -> bool:
    return bool(_LATIN_LETTER.search(word)) and not _CYRILLIC.search(word)


def _suffix(word: str, cyrillic: str) -> str:
    """``cyrillic`` (a suffix) in the word's script: kk-Latn words take it in Latin letters."""
    return to_latin(cyrillic) if _latin(word) else cyrillic


def _front(word: str) -> bool:
    """Vowel harmony: whether the word's last vowel is a front one (ә е і ө ү и …)."""
    lower = word.casefold()
    vowel = next((ch for ch in reversed(lower) if ch in _VOWEL_LETTERS), "а")
    return vowel in _FRONT_LETTERS


def _abbreviation(word: str) -> bool:
    """An abbreviation in capitals (АҚ, ЖШС, ҚБ, ШЖҚ МКК's МКК), or a word ending in a number."""
    letters = [ch for ch in word if ch.isalpha()]
    return (len(letters) >= 2 and all(ch.isupper() for ch in letters)) or word[-1:].isdigit()


def _last_sound(word: str) -> tuple[str, bool]:
    """The word's last letter (lower case) and whether it is sounded as a vowel: a Latin i or u
    after a vowel is the consonant й / у (üi, tau)."""
    lower = word.casefold()
    last = lower[-1:]
    before = lower[-2:-1]
    if last in ("i", "u") and before in _VOWEL_LETTERS:
        return last, False
    return last, last in _VOWEL_LETTERS


def kk_genitive(phrase: str) -> str:
    """A Kazakh noun phrase in the genitive (ілік септік), by the last sound of its last word:
    -ның/-нің after a vowel and м, н, ң; -дың/-дің after ж, з, р, л, й, у; -тың/-тің after the
    other consonants; back or front by the last vowel. A phrase ending in an abbreviation
    («… АҚ»), a quotation mark or a number, or already in the genitive, is left as it is: Kazakh
    writes the bare form there («"Қазақтелеком" АҚ акционерлерінің»).

    >>> kk_genitive("облыстық кәсіподағы"), kk_genitive("Дон тау-кен байыту комбинаты")
    ('облыстық кәсіподағының', 'Дон тау-кен байыту комбинатының')
    >>> kk_genitive("«Алматы электр станциялары» АҚ"), kk_genitive("Ақтөбе облыстық кәсіподақтар орталығы")
    ('«Алматы электр станциялары» АҚ', 'Ақтөбе облыстық кәсіподақтар орталығының')
    >>> kk_genitive("Federatsiiasy")
    'Federatsiiasynyñ'
    """
    text = phrase.rstrip()
    word = text.split()[-1] if text.split() else ""
    if not word or word[-1] in _CLOSING_QUOTES or _abbreviation(word) or word.casefold().endswith(_GENITIVE_ENDINGS):
        return text
    last, vowel = _last_sound(word)
    front = _front(word)
    if vowel or last in _GENITIVE_N:
        suffix = "нің" if front else "ның"
    elif last in _GENITIVE_D or last in ("i", "u"):
        suffix = "дің" if front else "дың"
    else:
        suffix = "тің" if front else "тың"
    return text + _suffix(word, suffix)


def kk_possessive(post: str) -> str:
    """A Kazakh post in the third-person possessive, as it follows an organisation in the
    genitive («… кәсіподағының төрағасы»): -сы/-сі after a vowel and after an agent noun in
    -шы/-ші (есепші -> есепшісі), -ы/-і after a consonant (инженер -> инженері, к қ п voiced:
    механик -> механигі; -ст loses its т: машинист -> машинисі). A post already in the
    possessive (… төрағасы, бас механигі) is left as it is; so is a list of posts after its first.

    >>> kk_possessive("төраға"), kk_possessive("бас есепші"), kk_possessive("инженер-технолог")
    ('төрағасы', 'бас есепшісі', 'инженер-технологы')
    >>> kk_possessive("электровоз машинист"), kk_possessive("жол шебері"), kk_possessive("törağa")
    ('электровоз машинисі', 'жол шебері', 'törağasy')
    """
    first, comma, rest = post.partition(",")
    text = first.rstrip()
    words = text.split()
    if not words:
        return post
    word = words[-1]
    lower = word.casefold()
    if not any(ch.isalpha() for ch in word) or _abbreviation(word):
        return post
    front = _front(word)
    agent = lower.endswith(("шы", "ші", "şy", "şı"))
    possessive_end = lower.endswith(("сы", "сі", "sy", "sı")) or (
        lower[-1:] in ("ы", "і", "y", "ı") and len(lower) > 2 and lower[-2] not in _VOWEL_LETTERS and not agent)
    if possessive_end and not agent:
        return post
    if _last_sound(word)[1]:
        suffix = "сі" if front else "сы"
        stem = word
    else:
        suffix = "і" if front else "ы"
        stem = word[:-1] if lower.endswith(("ст", "st")) else word
        stem = stem[:-1] + _VOICED.get(stem[-1:], stem[-1:]) if stem[-1:] in _VOICED else stem
    words[-1] = stem + _suffix(word, suffix)
    return " ".join(words) + (comma + rest if comma else "")


def lower_first(text: str) -> str:
    """A post as it reads in the middle of a phrase, its first letter in lower case («Төраға» ->
    «төраға», «Бас есепші» -> «бас есепші»), unless it starts with an abbreviation (ҚР, ЖШС) or
    a name of two capitalised words («Қазақстан Тәуелсіздігінің … шахтасының бастығы»). A post
    that starts with a one-word name («Алматы …») is given whole as the person's ``title``.

    >>> lower_first("Бас есепші"), lower_first("Қазақстан Тәуелсіздігінің орынбасары"), lower_first("İnjener")
    ('бас есепші', 'Қазақстан Тәуелсіздігінің орынбасары', 'injener')
    """
    words = text.split()
    if not words or _abbreviation(words[0].strip("«»“”\"'")) or (len(words) > 1 and words[1][:1].isupper()):
        return text
    first = text[:1]
    lower = {"İ": "i", "I": "ı"}.get(first, first.lower()) if _latin(words[0]) else first.lower()
    return lower + text[1:]


def kk_post(position: str, organisation: str) -> str:
    """A Kazakh person's post on a certificate or in a list: the organisation in the genitive,
    then the post in the possessive and in lower case, as Kazakh writes it («Білім және ғылым
    қызметкерлерінің облыстық кәсіподағының төрағасы»); either alone when the other is empty.

    >>> kk_post("Төраға", "Білім және ғылым қызметкерлерінің облыстық кәсіподағы")
    'Білім және ғылым қызметкерлерінің облыстық кәсіподағының төрағасы'
    """
    position, organisation = position.strip(), organisation.strip()
    if not organisation:
        return position
    if not position:
        return organisation
    return f"{kk_genitive(organisation)} {kk_possessive(lower_first(position))}"
