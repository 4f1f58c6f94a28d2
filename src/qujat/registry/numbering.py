"""Certificate numbers: consecutive per award series, never reused, allocated inside the
transaction that records the certificate.

SQLite serialises writers by ``BEGIN IMMEDIATE`` (see :mod:`qujat.registry.store`); on
PostgreSQL the series' counter row is locked ``FOR UPDATE`` until the transaction ends. Either
way two processes, or two machines sharing one database, never get the same number, and a
transaction that fails gives its number back, so there are no gaps. A number a failed run gave
back (its award ``free``: nothing was printed under it) is taken first by the next award.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update

from qujat.registry.schema import awards, counters


def _ensure_counter(conn: Connection, series: str, start: int) -> None:
    """Create the series' counter at ``start`` (or after the highest number recorded) if missing."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        highest = conn.execute(select(func.max(awards.c.sequence)).where(awards.c.award == series)).scalar()
        first = max(start, (highest or 0) + 1) if highest is not None else start
        conn.execute(pg_insert(counters).values(series=series, next_value=first)
                     .on_conflict_do_nothing(index_elements=["series"]))
        return
    found = conn.execute(select(counters.c.next_value).where(counters.c.series == series)).first()
    if found is None:
        highest = conn.execute(select(func.max(awards.c.sequence)).where(awards.c.award == series)).scalar()
        first = max(start, highest + 1) if highest is not None else start
        conn.execute(insert(counters).values(series=series, next_value=first))


def _free(column: Any) -> Any:
    return (select(column).where(awards.c.award == bindparam("series"), awards.c.status == "free")
            .order_by(awards.c.sequence).limit(1).scalar_subquery())


#: The series' next number and its lowest given-back number (with its row), in one statement
#: built once (this runs for every certificate).
_NEXT = select(counters.c.next_value, _free(awards.c.id).label("free_id"), _free(awards.c.sequence).label("free_seq")
               ).where(counters.c.series == bindparam("series"))
_NEXT_LOCKED = _NEXT.with_for_update(of=counters)
_TAKE = update(counters).where(counters.c.series == bindparam("of_series")).values(next_value=bindparam("value"))


def allocate(conn: Connection, series: str, start: int) -> tuple[int, int | None]:
    """The next sequence number of ``series`` (first ``start``), taken inside ``conn``'s open
    transaction: committed with the certificate, or given back if the transaction rolls back.
    Returns it with the id of the free award row that holds it, when it is a given-back number."""
    query = _NEXT_LOCKED if conn.dialect.name == "postgresql" else _NEXT
    found = conn.execute(query, {"series": series}).first()
    if found is None:
        _ensure_counter(conn, series, start)
        found = conn.execute(query, {"series": series}).one()
    if found.free_id is not None:
        return int(found.free_seq), int(found.free_id)
    value = int(found.next_value)
    conn.execute(_TAKE, {"of_series": series, "value": value + 1})
    return value, None


def continue_after(conn: Connection, series: str, sequence: int) -> None:
    """Make sure ``series`` numbers on after ``sequence`` (an imported certificate's)."""
    _ensure_counter(conn, series, sequence + 1)
    query = select(counters.c.next_value).where(counters.c.series == series)
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()
    if int(conn.execute(query).scalar_one()) <= sequence:
        conn.execute(update(counters).where(counters.c.series == series).values(next_value=sequence + 1))
