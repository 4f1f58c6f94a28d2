"""The registry's tables (SQLAlchemy Core): certificates, their events, number counters, settings.

The migrations in :mod:`qujat.registry.migrations` create them; these definitions are what the
code reads and writes through.
"""
from __future__ import annotations

from sqlalchemy import (
    BigInteger,
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

certificates = Table(
    "qujat_certificates", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("number", String(64), nullable=False, unique=True),
    Column("award", String(64), nullable=False),
    Column("sequence", BigInteger, nullable=True),
    Column("name", Text, nullable=False),
    Column("person_key", Text, nullable=False),
    Column("iin", String(12), nullable=True),
    Column("position", Text, nullable=True),
    Column("organisation", Text, nullable=True),
    Column("language", String(32), nullable=False),
    Column("date", Date, nullable=False),
    Column("place", Text, nullable=True),
    Column("issuer", Text, nullable=True),
    Column("source", Text, nullable=False, default=""),
    Column("row", Integer, nullable=True),
    Column("sha256", String(64), nullable=True),
    Column("file", Text, nullable=True),
    Column("status", String(16), nullable=False),
    Column("payload", Text, nullable=True),
    Column("content", Text, nullable=True),  # JSON: everything needed to print it again
    Column("issued_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("award", "sequence", name="uq_qujat_certificates_award_sequence"),
    Index("ix_qujat_certificates_person", "award", "person_key"),
    Index("ix_qujat_certificates_source", "source", "row"),
)

#: Append-only: issued, reprinted, revoked (with a reason), duplicate issued, imported.
events = Table(
    "qujat_events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("certificate_id", Integer, ForeignKey("qujat_certificates.id"), nullable=False, index=True),
    Column("kind", String(32), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("user", String(128), nullable=False),
    Column("reason", Text, nullable=True),
    Column("detail", Text, nullable=True),
)
