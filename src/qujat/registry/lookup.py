"""Which certificates a record's award recipients were given, for the minutes' award ceremony."""
from __future__ import annotations

from qujat.records.schema import Record
from qujat.registry.persons import person_key
from qujat.registry.store import Registry

#: A certificate number by (award section, recipient) of a record: ``(0, 2)`` is the third
#: recipient of the record's first award.
RecordNumbers = dict[tuple[int, int], str]


def issued_numbers(registry: Registry, record: Record) -> RecordNumbers:
    """The number of each recipient's certificate of that award, when the registry holds one.

    A recipient is found by ИИН-less person key under the award, trying the name as the record
    gives it in each language (a certificate is keyed by the name as printed in its language).
    """
    found: RecordNumbers = {}
    with registry.reading() as conn:
        for g, grant in enumerate(record.awards):
            for r, person in enumerate(grant.recipients):
                for name in dict.fromkeys(person.name.values()):
                    entry = registry.holder(conn, grant.award, person_key(name, None))
                    if entry is not None and entry.status == "issued":
                        found[(g, r)] = entry.number
                        break
    return found
