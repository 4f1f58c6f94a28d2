"""Who an award is for: one person across languages and scripts, found by ИИН and names together.

The same ИИН is the same person whatever the spelling. Without an ИИН, a row is the person
whose names (any of them: a record's kk, ru and en are one person) fold to the same key. What
cannot be told is never guessed: a row with an ИИН whose name matches a person awarded without
one, or a name that matches two people, is refused with the command that settles it.

>>> name_key("Бекбас  О. Т.") == name_key("бекбас о.т.")
True
"""
from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, insert, select

from qujat.errors import RefusedError
from qujat.identity import (
    abbreviations,
    iin_check_digit,
    iin_sex,
    loose_key,
    name_key,
    name_sex,
    normalise_iin,
    short_key,
    valid_iin,
)
from qujat.messages import M_
from qujat.model import TextMap
from qujat.registry.engine import RegistryError
from qujat.registry.schema import distinct_persons, name_forms, person_names, persons
from qujat.registry.store import now

__all__ = ["Identity", "Refused", "identity_of", "iin_check_digit", "name_key", "normalise_iin", "valid_iin"]


class Refused(RegistryError, RefusedError):
    """A row the registry will not issue for until the office says who the person is."""


@dataclass(frozen=True)
class Identity:
    """A person as a row gives them: the names as written (by key) and the ИИН when known."""

    names: dict[str, str]
    iin: str | None

    @functools.cached_property
    def keys(self) -> list[str]:
        return sorted(self.names)

    @functools.cached_property
    def loose(self) -> list[str]:
        """The names' loose keys (:func:`qujat.identity.loose_key`; made once: a batch asks for
        them when it screens a row, when it reads its chunk and when it issues)."""
        return sorted({loose_key(key) for key in self.names})

    @functools.cached_property
    def short(self) -> list[str]:
        """The short keys of the names that have a patronymic (:func:`qujat.identity.short_key`)."""
        return sorted({short for short in map(short_key, self.names) if short})

    @functools.cached_property
    def forms(self) -> list[str]:
        """How a list may shorten the full names with initials, every word kept
        (:func:`qujat.identity.abbreviations`)."""
        return sorted({form for key in self.names for form in abbreviations(key).whole})

    @functools.cached_property
    def short_forms(self) -> list[str]:
        """How a list may shorten the full names with initials, the patronymic left out."""
        return sorted({form for key in self.names for form in abbreviations(key).without_patronymic})

    @property
    def shown(self) -> str:
        """The first name as written, for messages."""
        return next(iter(self.names.values()))


def identity_of(name: TextMap, iin: object = None) -> Identity:
    """The identity of a recipient named ``name`` (every language's form) with ``iin``.

    Raises :class:`QujatError` (through ValueError's message) for a bad ИИН, and for a name with
    no letter at all: names made of punctuation alone would all be one person. (Remembered for
    the last rows: a batch asks for each row's identity when it screens the list and again when
    it issues.)"""
    if iin is None or isinstance(iin, (str, int)):
        return _identity(tuple(name.items()), iin)
    return _identity.__wrapped__(tuple(name.items()), iin)


@functools.lru_cache(maxsize=1024, typed=True)
def _identity(name: tuple[tuple[str, str], ...], iin: object) -> Identity:
    names: dict[str, str] = {}
    for _, text in name:
        key = name_key(text)
        if key:
            names.setdefault(key, text.strip())
    if not names:
        raise Refused(M_("the name «%(name)s» has no letter: write the person's name", code="registry.no-letter",
                         name=name[0][1] if name else ""))
    try:
        checked = normalise_iin(iin)
    except ValueError as exc:
        raise Refused(str(exc)) from None
    if checked:
        _check_sex(checked, names)
    return Identity(names, checked)


def _check_sex(iin: str, names: dict[str, str]) -> None:
    """Refuse a row whose ИИН is a man's and whose name, by its patronymic or surname, a woman's,
    or the reverse: the ИИН of the row above or below, most often."""
    sex = iin_sex(iin)
    for key, written in names.items():
        told = name_sex(key)
        if not sex or not told or told[0] == sex:
            continue
        if told[1] == "patronymic" and sex == "m":
            raise Refused(M_("the ИИН %(iin)s is a man's (its seventh digit is %(digit)s), and «%(name)s» a "
                             "woman's name by the patronymic: correct the ИИН or the name",
                             code="registry.iin-of-a-man", iin=iin, digit=iin[6], name=written))
        if told[1] == "patronymic":
            raise Refused(M_("the ИИН %(iin)s is a woman's (its seventh digit is %(digit)s), and «%(name)s» a man's "
                             "name by the patronymic: correct the ИИН or the name",
                             code="registry.iin-of-a-woman", iin=iin, digit=iin[6], name=written))
        if sex == "m":
            raise Refused(M_("the ИИН %(iin)s is a man's (its seventh digit is %(digit)s), and «%(name)s» a "
                             "woman's name by the surname: correct the ИИН or the name",
                             code="registry.iin-of-a-man-surname", iin=iin, digit=iin[6], name=written))
        raise Refused(M_("the ИИН %(iin)s is a woman's (its seventh digit is %(digit)s), and «%(name)s» a man's "
                         "name by the surname: correct the ИИН or the name",
                         code="registry.iin-of-a-woman-surname", iin=iin, digit=iin[6], name=written))


def by_iin(conn: Connection, iin: str) -> int | None:
    """The person with ``iin``, or None."""
    return conn.execute(_BY_IIN, {"iin": iin}).scalar()


#: Built once: these run for every certificate.
_BY_NAMES = (select(persons.c.id, persons.c.iin).distinct()
             .join(person_names, person_names.c.person_id == persons.c.id)
             .where(person_names.c.key.in_(bindparam("keys", expanding=True))).order_by(persons.c.id))
_BY_IIN = select(persons.c.id).where(persons.c.iin == bindparam("iin"))
_BY_LOOSE = (select(persons.c.id, persons.c.iin)
             .join(person_names, person_names.c.person_id == persons.c.id)
             .where(person_names.c.loose.in_(bindparam("keys", expanding=True))
                    | person_names.c.short.in_(bindparam("full", expanding=True)))
             .union(select(persons.c.id, persons.c.iin).join(name_forms, name_forms.c.person_id == persons.c.id)
                    .where(name_forms.c.form.in_(bindparam("written", expanding=True))
                           | (name_forms.c.form.in_(bindparam("initialled", expanding=True)) & name_forms.c.whole)))
             .order_by("id"))


def by_names(conn: Connection, keys: Iterable[str]) -> list[tuple[int, str | None]]:
    """Every person one of whose names folds to one of ``keys``: ``(id, iin)``, oldest first."""
    found = conn.execute(_BY_NAMES, {"keys": list(keys)}).fetchall()
    return [(int(row.id), row.iin) for row in found]


def by_loose(conn: Connection, identity: Identity) -> list[tuple[int, str | None]]:
    """Every person one of whose names is perhaps one of ``identity``'s in another spelling,
    script or word order (the same loose key), with the patronymic one of them leaves out (a
    short key against a loose one), or shortened with initials (a loose or short key against a
    shortened form; two keys without the patronymic never): ``(id, iin)``, oldest first. Two
    shortened forms, or two short keys, are never matched: «Қалиев Серік Болатұлы» is not
    «Қалиев Сапар Бекұлы», nor «Қалиев С.Н.»."""
    loose, short, forms, short_forms = identity.loose, identity.short, identity.forms, identity.short_forms
    found = conn.execute(_BY_LOOSE, {"keys": loose + short + forms + short_forms, "full": loose + forms,
                                     "written": loose, "initialled": short}).fetchall()
    return [(int(row.id), row.iin) for row in found]


def named_so(conn: Connection, person_id: int, identity: Identity) -> bool:
    """Whether one of ``identity``'s names is one of the person's, as recorded or perhaps in
    another spelling, script, word order or with initials (the pairs :func:`by_loose` matches):
    a row that finds a person by its ИИН but names someone else has a wrong ИИН or a changed
    name, and the registry asks which. A person recorded by ИИН alone (``registry link --iin …
    --different``) has no name to differ from."""
    return (any(pid == person_id for pid, _ in (*by_names(conn, identity.keys), *by_loose(conn, identity)))
            or not recorded_name(conn, person_id))


def recorded_name(conn: Connection, person_id: int) -> str:
    """The first name the registry recorded for the person, as written."""
    return str(conn.execute(select(person_names.c.name).where(person_names.c.person_id == person_id)
                            .order_by(person_names.c.id).limit(1)).scalar() or "")


def may_be_one(first: Identity, second: Identity) -> bool:
    """Whether two rows' names may be one person's: a name in common, or a pair that
    :func:`by_loose` would match were one of them recorded (pure: rows of one list).

    >>> may_be_one(identity_of({"kk": "Қалиев Серік Болатұлы"}), identity_of({"ru": "Калиев С.Б."}))
    True
    >>> may_be_one(identity_of({"ru": "Ахметов Нурлан Серикович"}), identity_of({"ru": "Ахметова Айгуль Маратовна"}))
    False
    """
    def matches(recorded: Identity, written: Identity) -> bool:
        return bool(set(recorded.loose) & {*written.loose, *written.short, *written.forms, *written.short_forms}
                    or set(recorded.short) & {*written.loose, *written.forms}
                    or {*recorded.forms, *recorded.short_forms} & set(written.loose)
                    or set(recorded.forms) & set(written.short))

    return bool(set(first.names) & set(second.names)) or matches(first, second) or matches(second, first)


def name_rows(person_id: int, names: dict[str, str]) -> list[dict[str, object]]:
    """The rows of ``qujat_person_names`` for ``names`` (by key) of ``person_id``."""
    return [{"person_id": person_id, "name": name, "key": key, "loose": loose_key(key), "short": short_key(key)}
            for key, name in names.items()]


def form_rows(person_id: int, keys: Iterable[str], known: Iterable[tuple[str, bool]] = ()
              ) -> list[dict[str, object]]:
    """The rows of ``qujat_name_forms`` for the names ``keys`` of ``person_id``: their shortened
    forms, each once, but those ``known`` (``(form, whole)`` recorded already)."""
    forms = {(form, whole) for key in keys for whole, shortened in zip((True, False), abbreviations(key))
             for form in shortened}
    return [{"person_id": person_id, "form": form, "whole": whole} for form, whole in sorted(forms - set(known))]


def distinct_from(conn: Connection, person_id: int) -> set[int]:
    """The persons the office said are not ``person_id``."""
    rows = conn.execute(select(distinct_persons.c.person_id, distinct_persons.c.other_id).where(
        (distinct_persons.c.person_id == person_id) | (distinct_persons.c.other_id == person_id)))
    return {other for row in rows for other in (row.person_id, row.other_id) if other != person_id}


def new_person(conn: Connection, iin: str | None) -> int:
    """A new person (with ``iin``, when known); returns their id."""
    return int(conn.execute(insert(persons).values(iin=iin, created_at=now()).returning(persons.c.id)).scalar_one())


def add_names(conn: Connection, person_id: int, names: dict[str, str], known: set[str] | None = None) -> None:
    """Note the names (by key) a person was written with that the registry did not know yet
    (``known``: the keys it knows, when the caller knows them: none for a new person)."""
    if known is None:
        known = {row.key for row in conn.execute(select(person_names.c.key)
                                                 .where(person_names.c.person_id == person_id))}
    new = name_rows(person_id, {key: name for key, name in names.items() if key not in known})
    if new:
        conn.execute(insert(person_names), new)
        recorded = conn.execute(select(name_forms.c.form, name_forms.c.whole)
                                .where(name_forms.c.person_id == person_id))
        forms = form_rows(person_id, [str(row["key"]) for row in new], [(row.form, row.whole) for row in recorded])
        if forms:
            conn.execute(insert(name_forms), forms)


def mark_distinct(conn: Connection, person_id: int, other_id: int) -> None:
    first, second = sorted((person_id, other_id))
    found = conn.execute(select(distinct_persons.c.person_id).where(
        distinct_persons.c.person_id == first, distinct_persons.c.other_id == second)).first()
    if found is None:
        conn.execute(insert(distinct_persons).values(person_id=first, other_id=second))
