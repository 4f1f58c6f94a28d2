"""The registry's tables (SQLAlchemy Core): persons and their names, awards, documents, their
events, number counters, settings.

- A **person** is one identity across languages and scripts: the ИИН when known, and every name
  the office wrote for them (``qujat_person_names``, with the folded key that is searched).
- An **award** (person × award type) owns the number, the award date, the issuer and the status
  (``reserved`` while its first document is being printed, ``issued``, ``revoked``; ``free`` for
  a number given back by a run that failed, taken by the next award). ``once_key`` is the
  person's id for an award given once per person, so the database itself refuses a second one
  (unique with the award type); it is emptied when the award is revoked.
- A **document** is one printed form of an award: language, kind (original, reprint,
  duplicate), the day it was printed, the file's SHA-256, the signed payload of its QR code and
  what is needed to print it again (a versioned form, :mod:`qujat.registry.forms`).

The migrations in :mod:`qujat.registry.migrations` create them; these definitions are what the
code reads and writes through.
"""
from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

#: Settings of the registry: the public key, the verification URL, the schema's creation time.
meta = Table(
    "qujat_meta", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

#: The next number of each award series; locked while a certificate is recorded.
counters = Table(
    "qujat_counters", metadata,
    Column("series", String(64), primary_key=True),
    Column("next_value", BigInteger, nullable=False),
)

persons = Table(
    "qujat_persons", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("iin", String(12), nullable=True, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

person_names = Table(
    "qujat_person_names", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("person_id", Integer, ForeignKey("qujat_persons.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("key", Text, nullable=False),
    # the key's words in any order, Kazakh letters as Russian spelling writes them (qujat.identity.loose_key)
    Column("loose", Text, nullable=True),
    # the loose key without the patronymic, for a name that has one (qujat.identity.short_key)
    Column("short", Text, nullable=True),
    UniqueConstraint("person_id", "key", name="uq_qujat_person_names_person_key"),
    Index("ix_qujat_person_names_key", "key"),
    Index("ix_qujat_person_names_loose", "loose"),
    Index("ix_qujat_person_names_short", "short"),
)

#: The ways a list shortens a person's full names with initials («Қалиев С.Б.», «С. Қалиев»:
#: qujat.identity.abbreviations), matched against the loose and short keys of names written so;
#: ``whole``: the form keeps every word (not one without the patronymic).
name_forms = Table(
    "qujat_name_forms", metadata,
    Column("form", Text, primary_key=True),
    Column("whole", Boolean, primary_key=True),
    Column("person_id", Integer, ForeignKey("qujat_persons.id"), primary_key=True),
    sqlite_with_rowid=False,  # the key is the table: one B-tree a row, looked up by form
)

#: Two persons an office said are different people (a namesake without ИИН and one with).
distinct_persons = Table(
    "qujat_distinct_persons", metadata,
    Column("person_id", Integer, ForeignKey("qujat_persons.id"), primary_key=True),
    Column("other_id", Integer, ForeignKey("qujat_persons.id"), primary_key=True),
)

awards = Table(
    "qujat_awards", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("number", String(64), nullable=False, unique=True),
    Column("award", String(64), nullable=False),
    Column("sequence", BigInteger, nullable=True),
    Column("person_id", Integer, ForeignKey("qujat_persons.id"), nullable=True),
    Column("once_key", Integer, nullable=True),
    Column("status", String(16), nullable=False),
    Column("date", Date, nullable=False),
    Column("name", Text, nullable=False),
    Column("iin", String(12), nullable=True),
    Column("position", Text, nullable=True),
    Column("organisation", Text, nullable=True),
    Column("place", Text, nullable=True),
    Column("issuer", Text, nullable=True),
    Column("source", Text, nullable=False),
    Column("row", Integer, nullable=True),
    Column("issued_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("award", "sequence", name="uq_qujat_awards_award_sequence"),
    UniqueConstraint("award", "once_key", name="uq_qujat_awards_once_per_person"),
    Index("ix_qujat_awards_person", "person_id"),
    Index("ix_qujat_awards_source", "source", "row"),
    Index("ix_qujat_awards_status", "award", "status"),
)

documents = Table(
    "qujat_documents", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("award_id", Integer, ForeignKey("qujat_awards.id"), nullable=False),
    Column("language", String(32), nullable=False),
    Column("kind", String(16), nullable=False),  # original, duplicate
    Column("status", String(16), nullable=False),  # reserved, issued, replaced
    Column("printed_on", Date, nullable=False),
    Column("name", Text, nullable=False),  # as printed in this document
    Column("sha256", String(64), nullable=True),
    Column("file", Text, nullable=True),
    Column("payload", Text, nullable=True),
    Column("form", Text, nullable=True),  # JSON: what prints it again (qujat.registry.forms)
    Column("created_at", DateTime(timezone=True), nullable=False),
    # while reserved: the lease of the run printing it (qujat.registry.leases); taken over only once that run ended
    Column("reserved_by", String(32), nullable=True),
    Index("ix_qujat_documents_award", "award_id", "language"),
)

#: Append-only: issued, document, reprinted, revoked (with a reason and a category), duplicate issued,
#: imported, linked, released.
events = Table(
    "qujat_award_events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("award_id", Integer, ForeignKey("qujat_awards.id"), nullable=False, index=True),
    Column("document_id", Integer, nullable=True),
    Column("kind", String(32), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("user", String(128), nullable=False),
    Column("reason", Text, nullable=True),
    Column("detail", Text, nullable=True),
    # a revocation's category (REVOCATION_CATEGORIES): what a public page may show of why
    Column("category", String(32), nullable=True),
)
