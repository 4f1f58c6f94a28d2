"""Certificate numbers: consecutive per award series, never reused, allocated inside the
transaction that records the certificate.

SQLite serialises writers by ``BEGIN IMMEDIATE`` (see :mod:`qujat.registry.store`); on
PostgreSQL the series' counter row is locked ``FOR UPDATE`` until the transaction ends. Either
way two processes, or two machines sharing one database, never get the same number, and a
transaction that fails gives its number back, so there are no gaps.
"""
from __future__ import annotations

from sqlalchemy import Connection, func, insert, select, update

from qujat.registry.schema import certificates, counters


def _ensure_counter(conn: Connection, series: str, start: int) -> None:
    """Create the series' counter at ``start`` (or after the highest number recorded) if missing."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        highest = conn.execute(select(func.max(certificates.c.sequence))
                               .where(certificates.c.award == series)).scalar()
        first = max(start, (highest or 0) + 1) if highest is not None else start
        conn.execute(pg_insert(counters).values(series=series, next_value=first)
                     .on_conflict_do_nothing(index_elements=["series"]))
        return
    found = conn.execute(select(counters.c.next_value).where(counters.c.series == series)).first()
    if found is None:
        highest = conn.execute(select(func.max(certificates.c.sequence))
                               .where(certificates.c.award == series)).scalar()
        first = max(start, highest + 1) if highest is not None else start
        conn.execute(insert(counters).values(series=series, next_value=first))


def allocate(conn: Connection, series: str, start: int) -> int:
    """The next sequence number of ``series`` (first ``start``), taken inside ``conn``'s open
    transaction: committed with the certificate, or given back if the transaction rolls back."""
    query = select(counters.c.next_value).where(counters.c.series == series)
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()
    value = conn.execute(query).scalar()
    if value is None:
        _ensure_counter(conn, series, start)
        value = conn.execute(query).scalar_one()
    value = int(value)
    conn.execute(update(counters).where(counters.c.series == series).values(next_value=value + 1))
    return value


def continue_after(conn: Connection, series: str, sequence: int) -> None:
    """Make sure ``series`` numbers on after ``sequence`` (an imported certificate's)."""
    _ensure_counter(conn, series, sequence + 1)
    query = select(counters.c.next_value).where(counters.c.series == series)
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()
    if int(conn.execute(query).scalar_one()) <= sequence:
        conn.execute(update(counters).where(counters.c.series == series).values(next_value=sequence + 1))
