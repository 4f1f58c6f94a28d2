"""The slips a valid record may still hold, for ``generate check`` to warn about with their lines.

A record can follow the schema and still print wrong: more votes than people present, somebody
listed twice, a title already in quotation marks (the minutes add their own), «г.» typed in
the city (the catalogs add it). Each is one ``(location, message)`` pair; nothing is changed.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from qujat.errors import Location
from qujat.i18n.grammar import needs_order, signature_name
from qujat.i18n.localizer import N_, available_languages, localizer
from qujat.identity import name_key
from qujat.messages import M_, Message
from qujat.records.schema import Person, Record, Vote
from qujat.records.validation import FieldPath, dotted
from qujat.text import OWN

#: Quotation marks that wrap a title: each opening mark with its closing one.
QUOTE_PAIRS = (("«", "»"), ("“", "”"), ("„", "“"), ('"', '"'), ("'", "'"), ("‘", "’"))
#: The catalog message that prints a city with its word («г. %(city)s», «%(city)s қ.»).
CITY_MESSAGE = "%(city)s city"
#: The same word written out, as a secretary may type it with the name («город Караганда»,
#: «Қарағанды қаласы»); never printed, only looked for.
CITY_WRITTEN_OUT = N_("%(city)s city, the word written out")
#: The catalog message that prints the meeting's title in quotation marks.
TITLE_MESSAGE = "“%(title)s”"
Problem = tuple[Location, str]


def record_warnings(record: Record) -> list[Problem]:
    """Every slip of ``record``, in the order of the file: votes beyond the people present,
    people present and award recipients listed twice, a quoted title, «г.» / «қ.» in the city, a
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


def order_question(name: str, lang: str) -> Message | None:
    """What to ask about a name printed under a signature whose surname cannot be told (no
    initials, no patronymic: «Вячеслав Румянцев»), or None when its order is known."""
    if not needs_order(name):
        return None
    return M_("which word of «%(name)s» is the surname cannot be told (no initials, no patronymic), so its "
              "signature would read «%(signature)s»: write it with initials, e.g. «%(example)s», or with the "
              "patronymic", code="check.name-order", name=name, signature=signature_name(name, lang),
              example=_surname_first(name))


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
                yield where, M_("%(field)s: %(problem)s", code="located", field=role + ".name", problem=question)


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
                   M_("%(field)s: %(cast)s votes cast (%(for)s for, %(against)s against, %(abstained)s abstained) but "
                      "%(present)s people present (attendees): correct the counts, or list everyone present under "
                      "attendees (or describe the others in attendees_note)", code="check.votes-beyond-present",
                      field=dotted(path), cast=cast, against=vote.against, abstained=vote.abstained,
                      present=present, **{"for": vote.in_favour}))


def repeat_key(text: str) -> str:
    """A name as compared for repeats: the registry's folded key (:func:`qujat.identity.name_key`:
    case, «ё», spaces and dots, a Latin look-alike letter) with its words in any order, since
    one secretary writes «Калиев С.Е.» where another writes «С.Е. Калиев»; the initials keep
    their own order («Е.С.» is somebody else).

    >>> repeat_key("Калиев С. Е.") == repeat_key("калиев  С.Е.") == repeat_key("С.Е. Калиeв")
    True
    >>> repeat_key("Калиев С.Е.") == repeat_key("Калиев Е.С.")
    False
    """
    words = name_key(text).split()
    initials = [word for word in words if len(word) == 1]
    return " ".join([*sorted(word for word in words if len(word) > 1), "|", *initials])


def _repeats(record: Record, people: Sequence[tuple[FieldPath, Person]], award: str = "") -> Iterator[Problem]:
    """Each person of ``people`` (with their paths) whose name, in any one language, is the
    name of one listed before: at the repeat's line, naming the first."""
    seen: dict[tuple[str, str], FieldPath] = {}
    for path, person in people:
        keys = {(lang, repeat_key(text)) for lang, text, _ in _texts(record, person.name, (*path, "name"))}
        first = next((seen[k] for k in sorted(keys) if k in seen), None)
        if first is not None:
            shown = next(iter(person.name.values()))
            earlier = record.locate(*first)
            also = M_("%(field)s, line %(line)s", code="where.field-line", field=dotted(first), line=earlier.line) \
                if earlier.line else dotted(first)
            if award:
                yield (record.locate(*path),
                       M_("%(field)s: «%(name)s» is listed twice under this award (also %(also)s): delete one of them, "
                          "or two certificates of «%(award)s» are issued to the same person",
                          code="check.listed-twice-award", field=dotted(path), name=shown, also=also, award=award))
            else:
                yield (record.locate(*path), M_("%(field)s: «%(name)s» is listed twice (also %(also)s): delete one of "
                                                "them", code="check.listed-twice", field=dotted(path), name=shown,
                                                also=also))
            continue
        for key in keys:
            seen.setdefault(key, path)


def _listed_twice(record: Record) -> Iterator[Problem]:
    """The same person twice among the people present (attendees and invited: nobody is both a
    member present and a guest), or twice among the recipients of one award (in one award
    section or in two sections of the same award)."""
    yield from _repeats(record, [*((("attendees", i), p) for i, p in enumerate(record.attendees)),
                                 *((("invited", i), p) for i, p in enumerate(record.invited))])
    for award in dict.fromkeys(grant.award for grant in record.awards):
        people = [(("awards", g, "recipients", r), person) for g, grant in enumerate(record.awards)
                  if grant.award == award for r, person in enumerate(grant.recipients)]
        yield from _repeats(record, people, award)


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
            yield (where, M_("title is typed in quotation marks, which the minutes add themselves (it would print "
                             "%(printed)s): write it without them, title: %(bare)s", code="check.quoted-title",
                             printed=printed, bare=bare))


def _in_catalog(lang: str, message: str, **values: str) -> str:
    """``message`` in the catalog of ``lang`` (the record's language when qujat has no such
    catalog), filled with ``values``."""
    loc = localizer(lang if lang in available_languages() else available_languages()[0])
    return (loc.gettext(message) % values).replace("\u00a0", " ")


def _around(lang: str, message: str) -> tuple[str, str]:
    """The words the catalog of ``lang`` puts before and after the city in ``message``."""
    marker = "\x00"
    before, _, after = localizer(lang).gettext(message).replace("%(city)s", marker).partition(marker)
    return before.strip(), after.strip()


def city_words() -> dict[str, list[tuple[str, str]]]:
    """The words each language's catalog puts before and after a city's name, as written there
    and written out: ru ``[("г.", ""), ("город", "")]``, kk ``[("", "қ."), ("", "қаласы")]``;
    languages whose minutes add none are left out."""
    words = {}
    for lang in available_languages():
        printed = _around(lang, CITY_MESSAGE)
        if any(printed):
            written = _around(lang, CITY_WRITTEN_OUT)
            words[lang] = [printed, *([written] if any(written) and written != printed else [])]
    return words


def _city_word(record: Record) -> Iterator[Problem]:
    """«г. Караганда», «город Караганда» or «Қарағанды қ.» as the city: the catalogs add the
    word, so it would print twice."""
    words = city_words()
    for _lang, text, where in _texts(record, record.city, ("city",)):
        found = next(((lang, forms[0], form, bare) for lang, forms in words.items() for form in forms
                      if (bare := _without(text.strip(), *form))), None)
        if found is None:
            continue
        catalog_lang, added, (before, after), bare = found
        printed = _in_catalog(catalog_lang, CITY_MESSAGE, city=text.strip())
        if (before, after) == added:
            yield (where, M_("city «%(city)s» already has «%(word)s», which the minutes add themselves (it would "
                             "print «%(printed)s»): write the name alone, city: %(bare)s", code="check.city-word",
                             city=text.strip(), word=before or after, printed=printed, bare=bare))
        else:
            yield (where, M_("city «%(city)s» already has «%(word)s»; the minutes add «%(added)s» themselves (it "
                             "would print «%(printed)s»): write the name alone, city: %(bare)s",
                             code="check.city-word-written-out", city=text.strip(), word=before or after,
                             added=added[0] or added[1], printed=printed, bare=bare))


def _without(text: str, before: str, after: str) -> str:
    """``text`` without the city word ``before`` it or ``after`` it ("" when it has neither)."""
    if before and re.match(rf"{re.escape(before)}(?:\s|(?<=\.))", text, re.IGNORECASE):
        return text[len(before):].strip()
    if after and re.search(rf"\s{re.escape(after)}$", text, re.IGNORECASE):
        return text[:-len(after)].strip()
    return ""
