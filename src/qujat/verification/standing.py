"""What the registry says of a certificate beyond its row: revoked (and why), and the duplicates
issued for it. The one place verification reads the registry's history, kept small so that a
change of the registry's model (a status of its own for a replaced original) touches only it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qujat.registry.schema import awards, events

if TYPE_CHECKING:
    from qujat.registry.store import Entry, Registry

#: The event the registry logs when it prints a duplicate.
DUPLICATE_EVENT = "duplicate issued"


@dataclass(frozen=True)
class Standing:
    """A certificate's standing: revoked (on which day, in which category) with a reason, and
    the dates of its duplicates (the n-th duplicate replaces every paper before it)."""

    revoked: bool
    reason: str
    duplicates: tuple[dt.date, ...]
    revoked_on: dt.date | None = None
    category: str = ""


def standing(registry: Registry, entry: Entry) -> Standing:
    """The standing of ``entry``, read from its status and its events."""
    history = registry.history(entry.number)
    revocations = [e for e in history if e.kind == "revoked"]
    duplicates = tuple(e.at.date() for e in history if e.kind == DUPLICATE_EVENT)
    last = revocations[-1] if revocations else None
    revoked = entry.status == "revoked"
    return Standing(revoked, (last.reason or "") if last else "", duplicates,
                    last.at.date() if last and revoked else None, (last.category or "") if last and revoked else "")


def all_standings(registry: Registry) -> dict[str, Standing]:
    """The standing of every certificate that was revoked or has a duplicate, by number (one
    query, for a revocation list)."""
    from sqlalchemy import select

    found: dict[str, tuple[bool, str, list[dt.date]]] = {}
    with registry.reading() as conn:
        for (number,) in conn.execute(select(awards.c.number).where(awards.c.status == "revoked")):
            found[number] = (True, "", [])
        rows = conn.execute(select(awards.c.number, awards.c.status, events.c.kind, events.c.at,
                                   events.c.reason)
                            .join(awards, awards.c.id == events.c.award_id)
                            .where(events.c.kind.in_(("revoked", DUPLICATE_EVENT))).order_by(events.c.id))
        for number, status, kind, at, reason in rows:
            revoked, _, dates = found.setdefault(number, (status == "revoked", "", []))
            if kind == DUPLICATE_EVENT:
                dates.append(at.date())
            else:
                found[number] = (revoked, reason or "", dates)
    return {number: Standing(revoked, why, tuple(dates)) for number, (revoked, why, dates) in found.items()}
