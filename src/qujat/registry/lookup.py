"""Which certificates a record's award recipients were given, for the minutes' award ceremony."""
from __future__ import annotations

from qujat.errors import QujatError
from qujat.records.schema import Record
from qujat.registry import persons
from qujat.registry.store import Registry

#: A certificate number by (award section, recipient) of a record: ``(0, 2)`` is the third
#: recipient of the record's first award.
RecordNumbers = dict[tuple[int, int], str]


def issued_numbers(registry: Registry, record: Record) -> RecordNumbers:
    """The number of each recipient's award, when the registry holds one issued to them: the
    person is found by any of their names in the record (kk, ru, en are one person) and their
    ИИН; a recipient who matches two people gets no number (the minutes never guess)."""
    found: RecordNumbers = {}
    with registry.reading() as conn:
        for g, grant in enumerate(record.awards):
            for r, person in enumerate(grant.recipients):
                try:
                    identity = persons.identity_of(dict(person.name), getattr(person, "iin", None))
                except QujatError:
                    continue
                pid = persons.by_iin(conn, identity.iin) if identity.iin else None
                if pid is None:
                    matches = [p for p, _ in persons.by_names(conn, identity.keys)]
                    if len(matches) != 1:
                        continue
                    pid = matches[0]
                entry = registry.held(conn, grant.award, pid, True)
                if entry is not None and entry.status == "issued":
                    found[(g, r)] = entry.number
    return found
