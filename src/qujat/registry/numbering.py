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

from qujat.certificates.definitions import Numbering
from qujat.errors import QujatError
from qujat.identity import number_forms
from qujat.messages import M_
from qujat.registry.schema import awards, counters


def checked_number(conn: Connection, number: str, scheme: Numbering) -> str:
    """``number`` (from a journal or a list) as the registry records it; a :class:`QujatError`
    when it could be read two ways: a number of the series written with characters that only look
    like the series' (:meth:`Numbering.checked`), or a number of another numbering that looks like
    a recorded one («АВ-12», Cyrillic, and «AB-12»), which would print as that certificate's."""
    written = scheme.checked(number)
    if scheme.own_form(written) is not None:
        return written
    alike = conn.execute(select(awards.c.number).where(
        awards.c.number.in_(sorted(set(number_forms(written)) - {written})), awards.c.status != "free")).scalar()
    if alike is not None:
        raise QujatError(M_("the number «%(number)s» looks like %(recorded)s, which the registry holds already: "
                            "write the number as that certificate has it, or correct it",
                            code="registry.number-looks-like", number=written, recorded=alike))
    return written


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


def pass_lookalikes(conn: Connection, series: str, scheme: Numbering) -> None:
    """Number ``series`` on after the numbers recorded without a sequence that only look like
    the series' («А20-0003», its «А» Cyrillic: a journal's, imported before qujat refused them,
    see :func:`checked_number`), as an import of the number written the series' way does: the
    series never prints a number that looks like one already recorded."""
    own = [scheme.own_form(number) for number in conn.execute(
        select(awards.c.number).where(awards.c.award == series, awards.c.sequence.is_(None))).scalars()]
    sequences = [int(form[len(scheme.prefix):]) for form in own if form is not None]
    if sequences:
        continue_after(conn, series, max(sequences))


def continue_after(conn: Connection, series: str, sequence: int) -> None:
    """Make sure ``series`` numbers on after ``sequence`` (an imported certificate's)."""
    _ensure_counter(conn, series, sequence + 1)
    query = select(counters.c.next_value).where(counters.c.series == series)
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()
    if int(conn.execute(query).scalar_one()) <= sequence:
        conn.execute(update(counters).where(counters.c.series == series).values(next_value=sequence + 1))


class Block:
    """The numbers of one chunk's transaction (the series' counter and given-back numbers read
    once, inside the transaction's lock), taken in memory and written back by :meth:`write`:
    the same numbers, in the same order, as :func:`allocate` row by row."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        #: per series: [next value, the value read, given-back (sequence, award id) lowest first]
        self._series: dict[str, tuple[list[int], list[tuple[int, int]]]] = {}

    def _state(self, series: str, start: int) -> tuple[list[int], list[tuple[int, int]]]:
        if series not in self._series:
            conn = self._conn
            query = select(counters.c.next_value).where(counters.c.series == series)
            if conn.dialect.name == "postgresql":
                query = query.with_for_update()
            value = conn.execute(query).scalar()
            if value is None:
                _ensure_counter(conn, series, start)
                value = conn.execute(query).scalar_one()
            free = conn.execute(select(awards.c.sequence, awards.c.id).where(
                awards.c.award == series, awards.c.status == "free").order_by(awards.c.sequence)).fetchall()
            self._series[series] = ([int(value), int(value)], [(int(s), int(i)) for s, i in free])
        return self._series[series]

    def take(self, series: str, start: int) -> tuple[int, int | None]:
        """The next number of ``series``, as :func:`allocate` returns it."""
        counter, free = self._state(series, start)
        if free:
            sequence, award_id = free.pop(0)
            return sequence, award_id
        counter[0] += 1
        return counter[0] - 1, None

    def give_back(self, series: str, sequence: int, award_id: int | None) -> None:
        """Return the number just taken (its certificate could not be made): the next row takes it."""
        counter, free = self._series[series]
        if award_id is not None:
            free.insert(0, (sequence, award_id))
        else:
            assert sequence == counter[0] - 1
            counter[0] -= 1

    def write(self) -> None:
        """Move the counters past the numbers taken; forget what was read (the next take reads again)."""
        for series, (counter, _free) in self._series.items():
            if counter[0] != counter[1]:
                self._conn.execute(_TAKE, {"of_series": series, "value": counter[0]})
        self._series.clear()
