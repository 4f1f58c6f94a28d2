"""Settling who a person is, when the registry refused to guess: ``generate registry link``.

A list with an ИИН whose name matches a person awarded earlier without one is refused; the
office then says either that they are the same person (the earlier holder takes the ИИН, and
the row reprints the earlier certificate) or that they are different people (the ИИН becomes a
person of its own, who gets their own number). A name that matches a holder only in another
spelling or word order («Калиев Серик», «Қалиев Серік») is settled the same way with ``--name``.
"""
from __future__ import annotations

from sqlalchemy import update

from qujat.errors import QujatError
from qujat.identity import masked_iin, normalise_iin
from qujat.messages import M_, Message, text_of
from qujat.registry import persons
from qujat.registry.schema import awards
from qujat.registry.schema import persons as persons_table
from qujat.registry.store import Registry, RegistryError


def link_name(registry: Registry, number: str, name: str, different: bool = False) -> Message:
    """Say that ``name`` (as a list writes it) is the holder of ``number`` (or, ``different``, is
    someone else, who then gets an award of their own); returns what was done, in one line."""
    try:
        identity = persons.identity_of({"*": name})
    except QujatError as exc:
        raise RegistryError(M_("--name: %(problem)s", code="link.bad-name", problem=text_of(exc))) from None
    with registry.issuing() as conn:
        entry = registry.get(number, conn)
        if entry is None or entry.person_id is None:
            raise RegistryError(M_("no certificate numbered %(number)s in the registry", code="registry.unknown-number",
                                   number=number))
        exact = [pid for pid, _ in persons.by_names(conn, identity.keys)]
        if different:
            if entry.person_id in exact:
                raise RegistryError(M_("the holder of %(number)s is written «%(name)s» already: they are the same "
                                       "person", code="link.name-same", number=entry.number, name=name))
            other = exact[0] if len(exact) == 1 else persons.new_person(conn, None)
            persons.add_names(conn, other, identity.names)
            persons.mark_distinct(conn, entry.person_id, other)
            registry.log(conn, entry.id, "distinct", detail=f"not «{name}»")
            return M_("%(number)s (%(holder)s) and «%(name)s» are different people", code="link.name-different",
                      number=entry.number, holder=entry.name, name=name)
        if any(pid != entry.person_id for pid in exact):
            raise RegistryError(M_("«%(name)s» is another person in the registry already: it cannot be the holder of "
                                   "%(number)s too", code="link.name-taken", name=name, number=entry.number))
        persons.add_names(conn, entry.person_id, identity.names)
        registry.log(conn, entry.id, "linked", detail=f"«{name}»")
        return M_("%(number)s (%(holder)s) is also written «%(name)s»", code="link.name-linked", number=entry.number,
                  holder=entry.name, name=name)


def link(registry: Registry, number: str, iin: str, different: bool = False) -> Message:
    """Say that the holder of ``number`` is (or, ``different``, is not) the person with ``iin``;
    returns what was done, in one line (a message, shown in the user's language)."""
    try:
        checked = normalise_iin(iin)
    except ValueError as exc:
        raise RegistryError(M_("--iin: %(problem)s", code="iin.bad", problem=text_of(exc))) from None
    if checked is None:
        raise RegistryError(M_("--iin: give the person's ИИН (12 digits)", code="iin.missing"))
    with registry.issuing() as conn:
        entry = registry.get(number, conn)
        if entry is None or entry.person_id is None:
            raise RegistryError(M_("no certificate numbered %(number)s in the registry", code="registry.unknown-number",
                                   number=number))
        holder_iin = registry.person_iin(conn, entry.person_id)
        other = persons.by_iin(conn, checked)
        if different:
            if holder_iin == checked:
                raise RegistryError(M_("the holder of %(number)s has the ИИН %(iin)s: they are the same person",
                                       code="iin.same", number=entry.number, iin=checked))
            if other is None:
                other = persons.new_person(conn, checked)
            persons.mark_distinct(conn, entry.person_id, other)
            registry.log(conn, entry.id, "distinct", detail=f"not the person with ИИН {checked}")
            return M_("%(number)s (%(holder)s) and the person with ИИН %(iin)s are different people",
                      code="link.iin-different", number=entry.number, holder=entry.name, iin=checked)
        if holder_iin == checked:
            return M_("%(number)s (%(holder)s) is already linked to ИИН %(iin)s", code="link.iin-already",
                      number=entry.number, holder=entry.name, iin=checked)
        if holder_iin is not None:
            raise RegistryError(M_("the holder of %(number)s has another ИИН (%(iin)s): if that one is wrong, "
                                   "revoke the certificate and issue it again", code="iin.other", number=entry.number,
                                   iin=masked_iin(holder_iin)))  # the registry's, not the one typed: not shown whole
        if other is not None:
            held = registry.awards_of(conn, [other])
            shown = (M_("the holder of %(number)s", code="iin.holder", number=held[0].number) if held
                     else M_("another person in the registry", code="iin.another"))
            raise RegistryError(M_("ИИН %(iin)s already belongs to %(holder)s: link %(number)s to them only "
                                   "after revoking one of the two", code="iin.taken", iin=checked, holder=shown,
                                   number=entry.number))
        conn.execute(update(persons_table).where(persons_table.c.id == entry.person_id).values(iin=checked))
        conn.execute(update(awards).where(awards.c.person_id == entry.person_id).values(iin=checked))
        for held_entry in registry.awards_of(conn, [entry.person_id]):
            registry.log(conn, held_entry.id, "linked", detail=f"ИИН {checked}")
        return M_("%(number)s (%(holder)s) is linked to ИИН %(iin)s", code="link.iin-linked", number=entry.number,
                  holder=entry.name, iin=checked)
