"""One chunk of a batch in one issuing transaction: what the registry knows of the chunk's
people read once, their new persons, names, awards and documents written together
(``executemany``, statements built once), and its numbers taken from one
:class:`qujat.registry.numbering.Block`.

Only the plain case goes through the chunk: a row whose ИИН and names the registry (and the
chunk so far) has never seen is a new person with a new award. Any other row is issued on its
own, as :class:`qujat.registry.recording.RegistryIssuing` always did, once the chunk's rows so
far are written (:meth:`Chunk.flush`).
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from qujat.errors import RunError
from qujat.messages import M_
from qujat.registry.numbering import Block
from qujat.registry.persons import Identity, form_rows, name_rows
from qujat.registry.schema import awards, documents, name_forms, person_names, persons
from qujat.registry.store import NewAward, NewDocument, award_values, document_values, now

#: Built once: these run for every chunk.
_KNOWN_IINS = select(persons.c.iin).where(persons.c.iin.in_(bindparam("iins", expanding=True)))
_KNOWN_KEYS = select(person_names.c.key).where(person_names.c.key.in_(bindparam("keys", expanding=True)))
_KNOWN_LOOSE = select(person_names.c.loose).where(person_names.c.loose.in_(bindparam("keys", expanding=True)))
_KNOWN_SHORT = select(person_names.c.short).where(person_names.c.short.in_(bindparam("keys", expanding=True)))
_KNOWN_FORMS = (select(name_forms.c.form, name_forms.c.whole)
                .where(name_forms.c.form.in_(bindparam("keys", expanding=True))))
_RETURNING = {table.name: insert(table).returning(table.c.id, sort_by_parameter_order=True)
              for table in (persons, awards, documents)}
_PLAIN = {table.name: insert(table) for table in (persons, awards, documents)}
_LARGEST = {table.name: select(func.max(table.c.id)) for table in (persons, awards, documents)}
_AFTER = {table.name: select(func.count(), func.max(table.c.id)).where(table.c.id > bindparam("before"))
          for table in (persons, awards, documents)}
_TAKE_FREE = update(awards).where(awards.c.id == bindparam("free_id"), awards.c.status == "free")
#: Values in one IN (...) at a time.
_IN = 500


def inserted(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` into ``table``; their new ids, in the rows' order.

    PostgreSQL returns them (``INSERT … RETURNING``, many rows a statement). SQLite cannot tie
    the rows a statement returns to its parameters, so SQLAlchemy would send one INSERT a row
    (9,000 statements for 3,000 certificates); instead the rows go in by one ``executemany``
    and take the ids after the table's largest, in order: an ``INTEGER PRIMARY KEY`` without
    AUTOINCREMENT gives a new row the largest id plus one, and the issuing transaction holds the
    database's only write lock (``BEGIN IMMEDIATE``). That the ids are those is checked after.
    """
    if not rows:
        return []
    if conn.dialect.name != "sqlite":
        return [int(i) for i in conn.execute(_RETURNING[table.name], rows).scalars()]
    before = int(conn.execute(_LARGEST[table.name]).scalar() or 0)
    conn.execute(_PLAIN[table.name], rows)
    count, largest = conn.execute(_AFTER[table.name], {"before": before}).one()
    if (count, largest) != (len(rows), before + len(rows)):
        raise RunError(M_("the registry gave this run's %(count)s new rows of %(table)s other ids than "
                          "%(first)s-%(last)s (%(found)s rows, the last %(largest)s): it was changed by hand (a "
                          "trigger?); nothing of the chunk was recorded", code="registry.ids-taken", count=len(rows),
                          table=table.name,
                          first=before + 1, last=before + len(rows), found=count, largest=largest))
    return list(range(before + 1, before + len(rows) + 1))


def _rows(conn: Connection, query: Any, name: str, values: Iterable[str]) -> list[Any]:
    wanted = sorted(set(values))
    return [row for start in range(0, len(wanted), _IN)
            for row in conn.execute(query, {name: wanted[start:start + _IN]})]


def _found(conn: Connection, query: Any, name: str, values: Iterable[str]) -> set[str]:
    return {row[0] for row in _rows(conn, query, name, values)}


@dataclasses.dataclass
class _New:
    identity: Identity
    award: NewAward
    document: NewDocument


class Chunk:
    """The chunk's transaction ``conn``, for rows of ``identities``."""

    def __init__(self, conn: Connection, identities: Sequence[Identity]) -> None:
        self.conn = conn
        self.numbers = Block(conn)
        self._iins = _found(conn, _KNOWN_IINS, "iins", (i.iin for i in identities if i.iin))
        self._keys = _found(conn, _KNOWN_KEYS, "keys", (k for i in identities for k in i.keys))
        self._loose = _found(conn, _KNOWN_LOOSE, "keys",
                             (k for i in identities for k in (*i.loose, *i.short, *i.forms, *i.short_forms)))
        self._short = _found(conn, _KNOWN_SHORT, "keys", (k for i in identities for k in (*i.loose, *i.forms)))
        # the shortened forms recorded (any), and those that keep every word
        formed = _rows(conn, _KNOWN_FORMS, "keys", (k for i in identities for k in (*i.loose, *i.short)))
        self._formed = {row.form for row in formed}
        self._formed_whole = {row.form for row in formed if row.whole}
        self._new: list[_New] = []

    def unknown(self, identity: Identity) -> bool:
        """Whether nobody in the registry, nor earlier in the chunk, has this ИИН or any of these
        names (in any spelling, script or word order, with or without the patronymic, in full or
        with initials): the pairs :func:`qujat.registry.persons.by_loose` matches."""
        loose, short, forms = identity.loose, identity.short, identity.forms
        return ((identity.iin is None or identity.iin not in self._iins) and self._keys.isdisjoint(identity.names)
                and self._loose.isdisjoint(loose) and self._loose.isdisjoint(short) and self._loose.isdisjoint(forms)
                and self._loose.isdisjoint(identity.short_forms)
                and self._short.isdisjoint(loose) and self._short.isdisjoint(forms)
                and self._formed.isdisjoint(loose) and self._formed_whole.isdisjoint(short))

    def note(self, identity: Identity) -> None:
        """Remember ``identity`` as known: a later row naming it is issued on its own."""
        if identity.iin:
            self._iins.add(identity.iin)
        self._keys.update(identity.names)
        self._loose.update(identity.loose)
        self._short.update(identity.short)
        self._formed.update(identity.forms, identity.short_forms)
        self._formed_whole.update(identity.forms)

    def add(self, identity: Identity, award: NewAward, document: NewDocument) -> None:
        """A new person with a new award and its first document, written at :meth:`flush`."""
        self._new.append(_New(identity, award, document))

    def flush(self) -> list[int]:
        """Write the rows added since the last flush; their documents' ids, in order."""
        new, self._new = self._new, []
        if new:
            conn, at = self.conn, now()
            people = inserted(conn, persons, [{"iin": n.identity.iin, "created_at": at} for n in new])
            conn.execute(insert(person_names), [row for pid, n in zip(people, new)
                                                for row in name_rows(pid, n.identity.names)])
            forms = [row for pid, n in zip(people, new) for row in form_rows(pid, n.identity.names)]
            if forms:
                conn.execute(insert(name_forms), forms)
            made = [award_values(dataclasses.replace(n.award, person_id=pid)) for pid, n in zip(people, new)]
            fresh = [values for values, n in zip(made, new) if n.award.reuse is None]
            try:
                fresh_ids = iter(inserted(conn, awards, fresh))
                taken = [{**values, "free_id": n.award.reuse} for values, n in zip(made, new) if n.award.reuse]
                if taken:
                    conn.execute(_TAKE_FREE, taken)
            except IntegrityError as exc:  # never, under the issuing lock: the registry was changed by hand
                raise RunError(f"the registry refused this run's numbers ({exc.orig}): nothing of the chunk "
                               "was recorded") from None
            award_ids = [n.award.reuse if n.award.reuse is not None else next(fresh_ids) for n in new]
            documents_ = inserted(conn, documents, [document_values(aid, n.document) for aid, n in zip(award_ids, new)])
        else:
            documents_ = []
        self.numbers.write()
        return documents_
