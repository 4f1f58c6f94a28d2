"""Persons, awards and documents in place of one row per printed certificate.

Every certificate of a 0001 registry becomes an award (same id, number, sequence, date, status)
with one document (its language, file, SHA-256, payload and the data that prints it again); its
events follow it. Its person is found as issuing finds one now: by its ИИН, else by its names
(every name the certificate's data holds: a record's kk, ru and en), certificates without an
ИИН whose names fold to one key being one person. A person holding two awards of one once-only
type (0001 gave a second number to a name printed in another language) keeps both, the later
one outside the once-per-person constraint; `generate registry show` lists them.

Revision ID: 0002
Revises: 0001
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from qujat.certificates.definitions import load_award
from qujat.identity import name_key

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_APPEND_ONLY_SQLITE = """
CREATE TRIGGER qujat_award_events_no_{what} BEFORE {what} ON qujat_award_events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END
"""
_APPEND_ONLY_PG = """
CREATE OR REPLACE FUNCTION qujat_events_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'the event log is append-only'; END $$ LANGUAGE plpgsql;
CREATE TRIGGER qujat_award_events_append_only BEFORE UPDATE OR DELETE ON qujat_award_events
FOR EACH ROW EXECUTE FUNCTION qujat_events_append_only();
"""


def _create_tables() -> None:
    op.create_table("qujat_persons",
                    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                    sa.Column("iin", sa.String(12), nullable=True, unique=True),
                    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False))
    op.create_table("qujat_person_names",
                    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                    sa.Column("person_id", sa.Integer, sa.ForeignKey("qujat_persons.id"), nullable=False),
                    sa.Column("name", sa.Text, nullable=False),
                    sa.Column("key", sa.Text, nullable=False),
                    sa.UniqueConstraint("person_id", "key", name="uq_qujat_person_names_person_key"))
    op.create_index("ix_qujat_person_names_key", "qujat_person_names", ["key"])
    op.create_table("qujat_distinct_persons",
                    sa.Column("person_id", sa.Integer, sa.ForeignKey("qujat_persons.id"), primary_key=True),
                    sa.Column("other_id", sa.Integer, sa.ForeignKey("qujat_persons.id"), primary_key=True))
    op.create_table(
        "qujat_awards",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("number", sa.String(64), nullable=False, unique=True),
        sa.Column("award", sa.String(64), nullable=False),
        sa.Column("sequence", sa.BigInteger, nullable=True),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("qujat_persons.id"), nullable=True),
        sa.Column("once_key", sa.Integer, nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("iin", sa.String(12), nullable=True),
        sa.Column("position", sa.Text, nullable=True),
        sa.Column("organisation", sa.Text, nullable=True),
        sa.Column("place", sa.Text, nullable=True),
        sa.Column("issuer", sa.Text, nullable=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("row", sa.Integer, nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("award", "sequence", name="uq_qujat_awards_award_sequence"),
        sa.UniqueConstraint("award", "once_key", name="uq_qujat_awards_once_per_person"),
    )
    op.create_index("ix_qujat_awards_person", "qujat_awards", ["person_id"])
    op.create_index("ix_qujat_awards_source", "qujat_awards", ["source", "row"])
    op.create_index("ix_qujat_awards_status", "qujat_awards", ["award", "status"])
    op.create_table(
        "qujat_documents",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("award_id", sa.Integer, sa.ForeignKey("qujat_awards.id"), nullable=False),
        sa.Column("language", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("printed_on", sa.Date, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("file", sa.Text, nullable=True),
        sa.Column("payload", sa.Text, nullable=True),
        sa.Column("form", sa.Text, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_qujat_documents_award", "qujat_documents", ["award_id", "language"])
    op.create_table(
        "qujat_award_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("award_id", sa.Integer, sa.ForeignKey("qujat_awards.id"), nullable=False),
        sa.Column("document_id", sa.Integer, nullable=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user", sa.String(128), nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("detail", sa.Text, nullable=True),
    )
    op.create_index("ix_qujat_award_events_award_id", "qujat_award_events", ["award_id"])


def _once_only(award: str, cache: dict[str, bool]) -> bool:
    if award not in cache:
        try:
            cache[award] = load_award(award).once_per_person
        except Exception:  # an award file no longer there: kept once-only, the stricter reading
            cache[award] = True
    return cache[award]


def _names(row: Any) -> list[str]:
    names = [row.name]
    if row.content:
        try:
            content = json.loads(row.content)
        except ValueError:
            content = {}
        names.extend(v for v in (content.get("name") or {}).values() if isinstance(v, str))
    return list(dict.fromkeys(n for n in names if n.strip()))


def _identities(rows: Sequence[Any]) -> dict[int, str]:
    """Each certificate's person: ``iin:<ИИН>``, or for those without one a group of all whose
    names share a folded key (joined transitively), as issuing would match them now."""
    parent: dict[int, int] = {}

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    first_with: dict[str, int] = {}
    for row in rows:
        if row.iin:
            continue
        parent[row.id] = row.id
        for key in filter(None, (name_key(n) for n in _names(row))):
            if key in first_with:
                parent[root(row.id)] = root(first_with[key])
            else:
                first_with[key] = row.id
    return {row.id: f"iin:{row.iin}" if row.iin else f"group:{root(row.id)}" for row in rows}


def upgrade() -> None:
    _create_tables()
    bind = op.get_bind()
    old = sa.table("qujat_certificates", *(sa.column(c) for c in (
        "id", "number", "award", "sequence", "name", "person_key", "iin", "position", "organisation", "language",
        "date", "place", "issuer", "source", "row", "sha256", "file", "status", "payload", "content", "issued_at")))
    old_events = sa.table("qujat_events", *(sa.column(c) for c in (
        "id", "certificate_id", "kind", "at", "user", "reason", "detail")))
    persons = sa.table("qujat_persons", sa.column("id"), sa.column("iin"), sa.column("created_at"))
    names = sa.table("qujat_person_names", sa.column("person_id"), sa.column("name"), sa.column("key"))
    awards = sa.table("qujat_awards", *(sa.column(c) for c in (
        "id", "number", "award", "sequence", "person_id", "once_key", "status", "date", "name", "iin", "position",
        "organisation", "place", "issuer", "source", "row", "issued_at")))
    documents = sa.table("qujat_documents", *(sa.column(c) for c in (
        "award_id", "language", "kind", "status", "printed_on", "name", "sha256", "file", "payload", "form",
        "created_at")))
    events = sa.table("qujat_award_events", *(sa.column(c) for c in (
        "id", "award_id", "document_id", "kind", "at", "user", "reason", "detail")))
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    rows = bind.execute(sa.select(old).order_by(old.c.id)).fetchall()
    identity_of = _identities(rows)
    person_of: dict[str, int] = {}
    keys_of: dict[int, set[str]] = {}
    held: set[tuple[str, int]] = set()
    once_cache: dict[str, bool] = {}
    for row in rows:
        identity = identity_of[row.id]
        if identity not in person_of:
            person_id = bind.execute(sa.insert(persons).values(iin=row.iin, created_at=row.issued_at or now)
                                     .returning(persons.c.id)).scalar_one()
            person_of[identity] = int(person_id)
            keys_of[int(person_id)] = set()
        person_id = person_of[identity]
        for name in _names(row):
            key = name_key(name)
            if key and key not in keys_of[person_id]:
                keys_of[person_id].add(key)
                bind.execute(sa.insert(names).values(person_id=person_id, name=name, key=key))
        once = (row.status == "issued" and _once_only(row.award, once_cache)
                and (row.award, person_id) not in held)
        if once:
            held.add((row.award, person_id))
        issued_at = row.issued_at or now
        bind.execute(sa.insert(awards).values(
            id=row.id, number=row.number, award=row.award, sequence=row.sequence, person_id=person_id,
            once_key=person_id if once else None, status=row.status, date=row.date, name=row.name, iin=row.iin,
            position=row.position, organisation=row.organisation, place=row.place, issuer=row.issuer,
            source=row.source or "", row=row.row, issued_at=issued_at))
        printed = issued_at.date() if isinstance(issued_at, dt.datetime) else now.date()
        bind.execute(sa.insert(documents).values(
            award_id=row.id, language=row.language or "", kind="original", status="issued", printed_on=printed,
            name=row.name, sha256=row.sha256, file=row.file, payload=row.payload, form=row.content,
            created_at=issued_at))
    for event in bind.execute(sa.select(old_events).order_by(old_events.c.id)).fetchall():
        bind.execute(sa.insert(events).values(id=event.id, award_id=event.certificate_id, kind=event.kind,
                                              at=event.at, user=event.user, reason=event.reason,
                                              detail=event.detail))
    if bind.dialect.name == "postgresql":
        for table in ("qujat_persons", "qujat_awards", "qujat_award_events"):
            op.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                       f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)")
    op.drop_table("qujat_events")
    op.drop_table("qujat_certificates")
    if bind.dialect.name == "sqlite":
        for what in ("UPDATE", "DELETE"):
            op.execute(_APPEND_ONLY_SQLITE.format(what=what))
    else:
        op.execute(_APPEND_ONLY_PG)


def downgrade() -> None:
    raise NotImplementedError("a registry is not taken back to 0001: restore the backup made before the upgrade")
