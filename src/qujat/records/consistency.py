"""The slips a valid record may still hold, for ``generate check`` to warn about with their lines.

A record can follow the schema and still print wrong: more votes than people present, somebody
listed twice, a title already in quotation marks (the minutes add their own), «г.» typed in
the city (the catalogs add it). Each is one ``(location, message)`` pair; nothing is changed.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence

from qujat.errors import Location
from qujat.i18n.grammar import needs_order, signature_name
from qujat.i18n.localizer import available_languages, localizer
from qujat.records.schema import Person, Record, Vote
from qujat.records.validation import FieldPath, dotted
from qujat.text import OWN

#: Quotation marks that wrap a title: each opening mark with its closing one.
QUOTE_PAIRS = (("«", "»"), ("“", "”"), ("„", "“"), ('"', '"'), ("'", "'"), ("‘", "’"))
#: The catalog message that prints a city with its word («г. %(city)s», «%(city)s қ.»).
CITY_MESSAGE = "%(city)s city"
#: The catalog message that prints the meeting's title in quotation marks.
TITLE_MESSAGE = "“%(title)s”"
Problem = tuple[Location, str]


def record_warnings(record: Record) -> list[Problem]:
    """Every slip of ``record``, in the order of the file: votes beyond the people present,
    attendees and award recipients listed twice, a quoted title, «г.» / «қ.» in the city, a
    signatory's name whose surname cannot be told."""
    found = [*_votes_beyond_present(record), *_listed_twice(record), *_quoted_title(record), *_city_word(record),
             *_signature_order(record)]
    return sorted(found, key=lambda p: (p[0].line or 0, p[0].column or 0))


def _texts(record: Record, value: dict[str, str], path: FieldPath) -> Iterator[tuple[str, str, Location]]:
    """Each language's text of a field as ``(language, text, location)``; a plain string counts
    as the record's own language and stands at the field's own line."""
    for key, text in value.items():
        if key == OWN:
            yield record.language, text, record.locate(*path)
        else:
            yield key, text, record.locate(*path, key)


def order_question(name: str, lang: str) -> str | None:
    """What to ask about a name printed under a signature whose surname cannot be told (no
    initials, no patronymic: «Вячеслав Румянцев»), or None when its order is known."""
    if not needs_order(name):
        return None
    return (f"which word of «{name}» is the surname cannot be told (no initials, no patronymic), so its "
            f"signature would read «{signature_name(name, lang)}»: write it with initials, e.g. "
            f"«{_surname_first(name)}», or with the patronymic")


def _surname_first(name: str) -> str:
    words = name.split()
    return f"{words[-1]} {''.join(w[:1] + '.' for w in words[:-1])}"


def _signature_order(record: Record) -> Iterator[Problem]:
    """A chair's or secretary's name (printed under a signature as initials and surname) whose
    surname cannot be told from a patronymic or initials."""
    for role, person in (("chair", record.chair), ("secretary", record.secretary)):
        if person is None:
            continue
        for lang, text, where in _texts(record, person.name, (role, "name")):
            question = order_question(text, lang)
            if question:
                yield where, f"{role}.name: {question}"


def _cast(vote: Vote) -> int:
    return vote.in_favour + vote.against + vote.abstained


def _votes(record: Record) -> Iterator[tuple[FieldPath, Vote]]:
    for i, item in enumerate(record.agenda):
        for j, resolution in enumerate(item.resolutions):
            if resolution.vote is not None:
                yield ("agenda", i, "resolutions", j, "vote"), resolution.vote
        if item.vote is not None:
            yield ("agenda", i, "vote"), item.vote


def _votes_beyond_present(record: Record) -> Iterator[Problem]:
    """A vote that counts more people than the record lists as present (when the list is the
    whole attendance: no ``attendees_note`` describing others)."""
    present = len(record.attendees)
    if not present or record.attendees_note:
        return
    for path, vote in _votes(record):
        cast = _cast(vote)
        if cast > present:
            yield (record.locate(*path),
                   f"{dotted(path)}: {cast} votes cast ({vote.in_favour} for, {vote.against} against, "
                   f"{vote.abstained} abstained) but {present} people present (attendees): correct the counts, "
                   "or list everyone present under attendees (or describe the others in attendees_note)")


def name_key(text: str) -> str:
    """A name as compared for repeats: composed, case folded, «ё» as «е», without spaces.

    >>> name_key("Калиев С. Е.") == name_key("калиев  С.Е.")
    True
    """
    folded = unicodedata.normalize("NFC", text).casefold().replace("ё", "е")
    return "".join(folded.split())


def _repeats(record: Record, people: Sequence[tuple[FieldPath, Person]], where: str = "",
             otherwise: str = "") -> Iterator[Problem]:
    """Each person of ``people`` (with their paths) whose name, in any one language, is the
    name of one listed before: at the repeat's line, naming the first."""
    seen: dict[tuple[str, str], FieldPath] = {}
    for path, person in people:
        keys = {(lang, name_key(text)) for lang, text, _ in _texts(record, person.name, (*path, "name"))}
        first = next((seen[k] for k in sorted(keys) if k in seen), None)
        if first is not None:
            shown = next(iter(person.name.values()))
            earlier = record.locate(*first)
            yield (record.locate(*path),
                   f"{dotted(path)}: «{shown}» is listed twice{where} (also {dotted(first)}"
                   f"{f', line {earlier.line}' if earlier.line else ''}): delete one of them{otherwise}")
            continue
        for key in keys:
            seen.setdefault(key, path)


def _listed_twice(record: Record) -> Iterator[Problem]:
    """The same person twice among the attendees, or twice among the recipients of one award
    (in one award section or in two sections of the same award)."""
    yield from _repeats(record, [(("attendees", i), p) for i, p in enumerate(record.attendees)])
    for award in dict.fromkeys(grant.award for grant in record.awards):
        people = [(("awards", g, "recipients", r), person) for g, grant in enumerate(record.awards)
                  if grant.award == award for r, person in enumerate(grant.recipients)]
        yield from _repeats(record, people, " under this award",
                            f", or two certificates of «{award}» are issued to the same person")


def quoted(text: str) -> bool:
    """Whether ``text`` is wrapped whole in one pair of quotation marks.

    >>> quoted("«Взаимодействие»"), quoted("«Жарасым» и «Келешек»"), quoted("О «Келешек»")
    (True, False, False)
    """
    text = text.strip()
    for opening, closing in QUOTE_PAIRS:
        if len(text) < 2 or not (text.startswith(opening) and text.endswith(closing)):
            continue
        inner = text[1:-1]
        if opening == closing:
            return opening not in inner
        depth = 0
        for char in inner:  # the first mark must close at the very end, not before
            if char == opening:
                depth += 1
            elif char == closing:
                depth -= 1
                if depth < 0:
                    return False
        return depth == 0
    return False


def _quoted_title(record: Record) -> Iterator[Problem]:
    """A title typed in quotation marks: the minutes put it in their own."""
    for lang, text, where in _texts(record, record.title, ("title",)):
        if quoted(text):
            bare = text.strip()[1:-1].strip()
            printed = _in_catalog(lang, TITLE_MESSAGE, title=text.strip())
            yield (where, f"title is typed in quotation marks, which the minutes add themselves (it would print "
                          f"{printed}): write it without them, title: {bare}")


def _in_catalog(lang: str, message: str, **values: str) -> str:
    """``message`` in the catalog of ``lang`` (the record's language when qujat has no such
    catalog), filled with ``values``."""
    loc = localizer(lang if lang in available_languages() else available_languages()[0])
    return (loc.gettext(message) % values).replace("\u00a0", " ")


def city_words() -> dict[str, tuple[str, str]]:
    """The word each language's catalog puts before and after a city's name, as written there:
    ru ``("г.", "")``, kk ``("", "қ.")``; languages that add none are left out."""
    marker = "\x00"
    words = {}
    for lang in available_languages():
        before, _, after = localizer(lang).gettext(CITY_MESSAGE).replace("%(city)s", marker).partition(marker)
        if before.strip() or after.strip():
            words[lang] = (before.strip(), after.strip())
    return words


def _city_word(record: Record) -> Iterator[Problem]:
    """«г. Караганда» or «Қарағанды қ.» as the city: the catalogs add the word, so it would print twice."""
    words = city_words()
    for _lang, text, where in _texts(record, record.city, ("city",)):
        for catalog_lang, (before, after) in words.items():
            bare = None
            if before and re.match(rf"{re.escape(before)}(?:\s|(?<=\.))", text.strip(), re.IGNORECASE):
                bare = text.strip()[len(before):].strip()
            elif after and re.search(rf"\s{re.escape(after)}$", text.strip(), re.IGNORECASE):
                bare = text.strip()[:-len(after)].strip()
            if bare:
                word = before or after
                printed = _in_catalog(catalog_lang, CITY_MESSAGE, city=text.strip())
                yield (where, f"city «{text.strip()}» already has «{word}», which the minutes add themselves (it "
                              f"would print «{printed}»): write the name alone, city: {bare}")
                break
